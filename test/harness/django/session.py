"""
Writes one real Django 3.2 session and prints what a reader of it needs, as JSON on stdout.

Argument: one JSON object
  backend       'db' | 'cache' | 'cached_db' | 'signed_cookies'
  loggedIn      log a real user in (django.contrib.auth.login on a request with a real SessionStore)
  logout        log in, then log out (Django flushes: new key), then store `data` again
  secretKey     SECRET_KEY
  cacheLocation 'memcached://127.0.0.1:PORT' (PyMemcacheCache) | 'redis://127.0.0.1:PORT' (django-redis)
  data          extra session variables (JSON values)
  sharedTree    N: also store `tree`, N nested dicts each holding the one below twice
                ({'a': x, 'b': x}): one object at 2^N paths, pickled once (memo) by the cache
  hashing       DEFAULT_HASHING_ALGORITHM ('sha256' default; 'sha1' writes the pre-3.1 formats)
  dir           a temp dir for the SQLite database
Output: cookieValue, stored (base64: db row's session_data, or the raw cache value),
        dbRow (cached_db: the row), cacheKey, cacheFlags (memcached), previousCookieValue,
        previousStored (after logout: what is left under the old key, null when deleted).
"""
import base64
import json
import os
import sys

args = json.loads(sys.argv[1])
backend = args['backend']
location = args.get('cacheLocation')

import django
from django.conf import settings

caches = {'default': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}}
if location and location.startswith('memcached://'):
    caches = {'default': {'BACKEND': 'django.core.cache.backends.memcached.PyMemcacheCache',
                          'LOCATION': location[len('memcached://'):]}}
elif location and location.startswith('redis://'):
    caches = {'default': {'BACKEND': 'django_redis.cache.RedisCache', 'LOCATION': location}}

settings.configure(
    SECRET_KEY=args['secretKey'],
    DEFAULT_HASHING_ALGORITHM=args.get('hashing', 'sha256'),
    INSTALLED_APPS=['django.contrib.contenttypes', 'django.contrib.auth', 'django.contrib.sessions'],
    # `database`: a Django DATABASES entry (PostgreSQL / MariaDB for the SQL store tests); else SQLite.
    DATABASES={'default': args.get('database') or {'ENGINE': 'django.db.backends.sqlite3',
                                                   'NAME': os.path.join(args['dir'], 'db.sqlite3')}},
    CACHES=caches,
    SESSION_ENGINE='django.contrib.sessions.backends.' + backend,
    PASSWORD_HASHERS=['django.contrib.auth.hashers.MD5PasswordHasher'],
    USE_TZ=True,
    DEFAULT_AUTO_FIELD='django.db.models.AutoField',
)
django.setup()

from importlib import import_module
from django.contrib.auth import login, logout
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.management import call_command
from django.http import HttpRequest

call_command('migrate', verbosity=0, interactive=False)
engine = import_module(settings.SESSION_ENGINE)
data = args.get('data') or {}
if args.get('sharedTree'):
    tree = {'leaf': 1}
    for _ in range(args['sharedTree']):
        tree = {'a': tree, 'b': tree}
    data = {**data, 'tree': tree}


def new_request():
    request = HttpRequest()
    request.META['REMOTE_ADDR'] = '127.0.0.1'
    request.session = engine.SessionStore()
    return request


def raw_cache_value(key):
    """The bytes the cache server holds under Django's key for `key`, and the memcached flags."""
    full = cache.make_key(key)
    if location and location.startswith('memcached://'):
        from pymemcache.client.base import Client
        host, port = location[len('memcached://'):].rsplit(':', 1)
        got = Client((host, int(port)), deserializer=lambda k, v, flags: (v, flags)).get(full)
        return full, (got[0] if got else None), (got[1] if got else None)
    if location and location.startswith('redis://'):
        import redis
        return full, redis.Redis.from_url(location).get(full), None
    return full, None, None


def stored_for(session_key):
    out = {'stored': None, 'dbRow': None, 'cacheKey': None, 'cacheFlags': None}
    if backend in ('db', 'cached_db'):
        row = Session.objects.filter(session_key=session_key).first()
        out['dbRow'] = row.session_data if row else None
    if backend in ('cache', 'cached_db'):
        s = engine.SessionStore(session_key)
        out['cacheKey'], raw, out['cacheFlags'] = raw_cache_value(s.cache_key)
        out['stored'] = raw
    elif backend == 'db':
        out['stored'] = out['dbRow']
    for k in ('stored', 'dbRow'):
        v = out[k]
        if isinstance(v, str):
            v = v.encode('latin-1')
        out[k] = base64.b64encode(v).decode() if v is not None else None
    return out


request = new_request()
for k, v in data.items():
    request.session[k] = v
if args.get('loggedIn') or args.get('logout'):
    user = User.objects.create_user('alice', 'alice@example.com', 'secret-pw')
    login(request, user, backend='django.contrib.auth.backends.ModelBackend')
request.session.save()

result = {}
if args.get('logout'):
    previous = request.session.session_key
    logout(request)
    for k, v in data.items():
        request.session[k] = v
    request.session.save()
    result['previousCookieValue'] = previous
    result['previousStored'] = stored_for(previous)['stored'] if backend != 'signed_cookies' else None

key = request.session.session_key
result['cookieValue'] = key
if backend != 'signed_cookies':
    result.update(stored_for(key))
print(json.dumps(result))
