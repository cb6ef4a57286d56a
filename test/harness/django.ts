/**
 * Real Django 3.2 sessions (Debian's python3-django) for tests: `djangoSession()` runs
 * test/harness/django/session.py, which configures Django in code (SQLite in a temp dir, the
 * chosen SESSION_ENGINE and cache), logs a real user in with django.contrib.auth.login when
 * asked, and reports the cookie and the stored bytes exactly as Django wrote them.
 *
 * Needs /usr/bin/python3 with django, and for the cache backends pymemcache (python3-pymemcache)
 * or django_redis (python3-django-redis); `haveDjango()` skips loudly locally / fails under CI.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { IN_CI } from './programs.js';
import { tempDir } from './servers.js';

const SCRIPT = fileURLToPath(new URL('./django/session.py', import.meta.url));
/** Debian's python3: the python3-django package installs there, whatever python3 is first on PATH. */
export const DJANGO_PYTHON = process.env.DJANGO_PYTHON ?? '/usr/bin/python3';

export interface DjangoSessionOptions {
  backend: 'db' | 'cache' | 'cached_db' | 'signed_cookies';
  loggedIn: boolean;
  secretKey: string;
  cacheLocation?: string;
  /** Log in, then out (Django flushes the session and cycles the key), then store `data` again. */
  logout?: boolean;
  /** A Django DATABASES['default'] entry (ENGINE, NAME, HOST, PORT, USER); default SQLite in a temp dir. */
  database?: Record<string, string | number>;
  /** Extra session variables. */
  data?: Record<string, unknown>;
  /** DEFAULT_HASHING_ALGORITHM: 'sha1' makes Django 3.2 write its pre-3.1 formats. */
  hashing?: 'sha256' | 'sha1';
  /** Also store `tree`: N nested dicts, each holding the one below twice (one dict at 2^N paths). */
  sharedTree?: number;
}

export interface DjangoSession {
  /** The `sessionid` cookie: the session key, or for signed_cookies the whole signed session. */
  cookieValue: string;
  /** db: the row's session_data; cache / cached_db: the raw cache value. */
  stored?: Buffer;
  /** cached_db: the row's session_data. */
  dbRow?: Buffer;
  /** The full cache key Django used (cache / cached_db). */
  cacheKey?: string;
  /** memcached flags of the cache value. */
  cacheFlags?: number;
  /** With logout: the key before logout, and what the store still holds under it (absent when deleted). */
  previousCookieValue?: string;
  previousStored?: Buffer;
}

/** True when python3 can import django (and the given extra modules); same CI rule as havePrograms. */
export function haveDjango(...modules: string[]): boolean {
  const names = ['django', ...modules];
  const r = spawnSync(DJANGO_PYTHON, ['-c', names.map((m) => `import ${m}`).join('; ')], { encoding: 'utf8' });
  if (r.status === 0) return true;
  const msg = `MISSING PYTHON MODULE(S) ${names.join(', ')} for ${DJANGO_PYTHON} — install python3-django, python3-pymemcache, python3-django-redis`;
  if (IN_CI) throw new Error(`${msg} (CI=true: tests that need them must not be skipped)`);
  console.warn(`\n!!!!! ${msg}. SKIPPING the tests that need them. !!!!!\n`);
  return false;
}

const bytes = (b64: string | null | undefined): Buffer | undefined => (b64 == null ? undefined : Buffer.from(b64, 'base64'));

export function djangoSession(o: DjangoSessionOptions): DjangoSession {
  const dir = tempDir('django');
  const out = execFileSync(DJANGO_PYTHON, [SCRIPT, JSON.stringify({ ...o, dir })], {
    encoding: 'utf8',
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  });
  const r = JSON.parse(out) as Record<string, string | number | null | undefined>;
  const s: DjangoSession = { cookieValue: String(r.cookieValue) };
  const set = <K extends keyof DjangoSession>(k: K, v: DjangoSession[K] | undefined): void => {
    if (v !== undefined) s[k] = v;
  };
  set('stored', bytes(r.stored as string | null));
  set('dbRow', bytes(r.dbRow as string | null));
  set('cacheKey', (r.cacheKey ?? undefined) as string | undefined);
  set('cacheFlags', (r.cacheFlags ?? undefined) as number | undefined);
  set('previousCookieValue', (r.previousCookieValue ?? undefined) as string | undefined);
  set('previousStored', bytes(r.previousStored as string | null));
  return s;
}

/** Run a Python snippet with Debian's python3 (Django importable); returns stdout bytes. */
export function runPython(code: string, input?: string): Buffer {
  return execFileSync(DJANGO_PYTHON, ['-c', code], { input: input ?? '', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
}
