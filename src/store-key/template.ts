/**
 * `?key=` templates for custom save handlers (`myapp:sess:{id}`): any handler that stores
 * "key → serialized session" is readable. Placement (memcached) hashes the whole key, as a
 * userland client does. (Where the URL's template wins over a profile's key: src/profiles/choose.ts.)
 */
import type { KeyScheme } from './types.js';

export function templateKey(template: string): KeyScheme {
  const at = template.indexOf('{id}');
  const before = template.slice(0, at);
  const after = template.slice(at + '{id}'.length);
  return Object.freeze({ key: (id: string) => before + id + after, placeBy: 'key' as const });
}
