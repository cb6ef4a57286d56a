import type { KeyScheme } from './types.js';

/**
 * The key scheme of every PHP session handler and of the frameworks' cache drivers: a fixed
 * prefix and the id (`sess_<id>` for files, `memc.sess.key.<id>`, `PHPREDIS_SESSION:<id>`,
 * Symfony's `sf2s<id>`, Laravel's `laravel_cache:<id>`, Django's `:1:django.contrib.sessions.cache<id>`).
 */
export function prefixKey(prefix: string, placeBy: 'id' | 'key' = 'id'): KeyScheme {
  return Object.freeze({ key: (id: string) => prefix + id, placeBy });
}
