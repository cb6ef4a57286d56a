/**
 * The cache key under which Django's `cache` and `cached_db` session backends keep a session:
 * `KEY_PREFIX:VERSION:<backend prefix><session key>` (django/core/cache/backends/base.py
 * `default_key_func`, with the backend prefix `django.contrib.sessions.cache` or
 * `django.contrib.sessions.cached_db` from sessions/backends/cache.py and cached_db.py).
 * `keyPrefix` and `version` are the cache's KEY_PREFIX and VERSION settings (defaults '' and 1).
 * A custom KEY_FUNCTION is not modelled. The session key must already be validated
 * (djangoSessionKeyCodec): it is inserted as is.
 */
export interface DjangoCacheKeyOptions {
  readonly keyPrefix?: string | undefined;
  readonly version?: number | undefined;
  readonly backend: 'cache' | 'cached_db';
}

export const DJANGO_CACHE_PREFIXES = {
  cache: 'django.contrib.sessions.cache',
  cached_db: 'django.contrib.sessions.cached_db',
} as const;

export function djangoCacheKey(sessionKey: string, o: DjangoCacheKeyOptions): string {
  return `${o.keyPrefix ?? ''}:${o.version ?? 1}:${DJANGO_CACHE_PREFIXES[o.backend]}${sessionKey}`;
}
