/**
 * The cache key under which Django's `cache` and `cached_db` session backends keep a session:
 * `KEY_PREFIX:VERSION:<backend prefix><session key>` (django/core/cache/backends/base.py
 * `default_key_func`, with the backend prefix `django.contrib.sessions.cache` or
 * `django.contrib.sessions.cached_db` from sessions/backends/cache.py and cached_db.py), for the
 * cache's default KEY_PREFIX ('') and VERSION (1). Another KEY_PREFIX or VERSION, or the
 * cached_db backend: give the store URL's `?prefix=` (docs/architecture.md). A custom
 * KEY_FUNCTION is not modelled.
 */
export const DJANGO_CACHE_PREFIX = Object.freeze({
  cache: ':1:django.contrib.sessions.cache',
  cached_db: ':1:django.contrib.sessions.cached_db',
});
