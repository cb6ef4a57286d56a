/**
 * Keys that do not follow the `prefix + id` rule of PHP's own handlers:
 * - `?key=` templates for custom save handlers (`myapp:sess:{id}`): any handler that stores
 *   "key → serialized session" is readable. Placement (memcached) hashes the whole key, as a
 *   userland client does.
 * - pecl memcache (`?client=memcache`): the key is memcache.session_prefix_static_key (none by
 *   default: the raw id) + id, and its placement hashes that whole key (memcache_session.c).
 */
import type { StoreSpec } from '../stores/types.js';
import { prefixKey } from './prefix.js';
import type { KeyScheme } from './types.js';

export function templateKey(template: string): KeyScheme {
  const at = template.indexOf('{id}');
  const before = template.slice(0, at);
  const after = template.slice(at + '{id}'.length);
  return Object.freeze({ key: (id: string) => before + id + after, placeBy: 'key' as const });
}

/** The key scheme a store URL imposes by itself (a template, pecl memcache), or undefined. */
export function storeKeyOverride(spec: StoreSpec): KeyScheme | undefined {
  if ('keyTemplate' in spec && spec.keyTemplate !== undefined) return templateKey(spec.keyTemplate);
  if (spec.kind === 'memcached' && spec.pecl !== undefined) return prefixKey(spec.prefix ?? '', 'key');
  return undefined;
}
