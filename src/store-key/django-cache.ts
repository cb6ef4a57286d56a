/**
 * The cache key under which Django's `cache` and `cached_db` session backends keep a session:
 * `KEY_PREFIX:VERSION:<backend prefix><session key>` (django/core/cache/backends/base.py
 * `default_key_func`, with the backend prefix `django.contrib.sessions.cache` or
 * `django.contrib.sessions.cached_db` from sessions/backends/cache.py and cached_db.py). The
 * profile's default is the cache backend with the cache's default KEY_PREFIX ('') and VERSION (1);
 * another is the store URL's `?prefix=`, which `isauth init` computes from the CACHES setting. A
 * custom KEY_FUNCTION is not modelled.
 */
export const DJANGO_SESSION_BACKEND_PREFIXES = Object.freeze({
  cache: 'django.contrib.sessions.cache',
  cached_db: 'django.contrib.sessions.cached_db',
});

export interface DjangoCacheKeyOptions {
  /** The cache's KEY_PREFIX (default ''). */
  readonly keyPrefix?: string | undefined;
  /** The cache's VERSION (default 1). */
  readonly version?: number | string | undefined;
  readonly backend: keyof typeof DJANGO_SESSION_BACKEND_PREFIXES;
}

/** The prefix of every session key of that backend and cache. */
export function djangoCachePrefix(o: DjangoCacheKeyOptions): string {
  return `${o.keyPrefix ?? ''}:${o.version ?? 1}:${DJANGO_SESSION_BACKEND_PREFIXES[o.backend]}`;
}

/** The prefixes with the cache's defaults. */
export const DJANGO_CACHE_PREFIX = Object.freeze({
  cache: djangoCachePrefix({ backend: 'cache' }),
  cached_db: djangoCachePrefix({ backend: 'cached_db' }),
});
