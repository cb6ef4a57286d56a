/**
 * Laravel 8 (Debian's php-laravel-framework, /usr/share/php/Illuminate) driven for real from tests.
 *
 * `laravelSession` runs the minimal app in test/harness/laravel/app.php: one request through the
 * framework's own EncryptCookies → AddQueuedCookiesToResponse → StartSession, with a SessionGuard
 * login of user 42 (`loggedIn`), a plain visit that stores a session without a login, or — with
 * `logout` — a login followed by a second request carrying that cookie that logs out (guard
 * logout + session invalidate, as Laravel Breeze does). Servers (memcached, redis) are the
 * caller's, started with test/harness/servers.ts. Each run is a separate php process.
 *
 * `laravelEncrypt` encrypts with the real Encrypter (and, given a cookie name, the real
 * CookieValuePrefix the way EncryptCookies does) for codec unit tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findProgram } from './programs.js';
import { havePhpExtensions } from './php.js';
import { havePrograms } from './programs.js';

const APP = fileURLToPath(new URL('./laravel/app.php', import.meta.url));
const ENCRYPT = fileURLToPath(new URL('./laravel/encrypt.php', import.meta.url));
const ILLUMINATE = '/usr/share/php/Illuminate/autoload.php';

export type LaravelDriver = 'file' | 'memcached' | 'redis' | 'database';
export type LaravelCipher = 'AES-256-CBC' | 'AES-128-CBC' | 'AES-256-GCM' | 'AES-128-GCM';

export interface LaravelSessionOptions {
  driver: LaravelDriver;
  /** APP_KEY as in .env (`base64:…` or a raw 16/32-byte string). */
  appKey: string;
  /** APP_NAME (default Laravel's 'laravel'); the cookie and prefixes are its slug. */
  appName?: string;
  /** config app.cipher (default AES-256-CBC); the key length must fit it. */
  cipher?: LaravelCipher;
  /** SESSION_ENCRYPT */
  encrypt?: boolean;
  /** true: log user 42 in; false: a visitor whose session holds no login. */
  loggedIn: boolean;
  /** Log in, then log out in a second request with the cookie of the first. */
  logout?: boolean;
  memcached?: { host: string; port: number };
  /** Several memcached servers (the cache store's `servers`, in order); replaces `memcached`. */
  memcachedServers?: ReadonlyArray<{ host: string; port: number }>;
  redis?: { host: string; port: number };
  /** The database driver's connection (config database.connections.*; the `sessions` table must exist). */
  sql?: { driver: 'mysql' | 'pgsql'; host: string; port: number; database: string; username: string };
  /** Directory of the file driver (config session.files). */
  filesDir?: string;
}

export interface LaravelSessionResult {
  driver: LaravelDriver;
  /** config session.cookie, e.g. `laravel_session`. */
  cookieName: string;
  /** The session cookie's value as in the Set-Cookie header (URL-encoded), i.e. what a browser sends back. */
  cookieValue: string;
  /** The whole Set-Cookie header of the session cookie. */
  setCookie: string;
  /** The session id after the request (what the store holds). */
  sessionId: string;
  /** The id the request started with (a login migrates it; a logout invalidates it). */
  previousSessionId: string;
  /** files: the absolute path; memcached: the key; redis: the full key including phpredis' prefix. */
  storeKey: string;
  /** `login_web_<sha1(SessionGuard)>`. */
  loginKey: string;
  /** SessionGuard::check() at the end of the request. */
  loggedIn: boolean;
  /** With `logout`: the login request that came first. */
  login?: LaravelSessionResult;
}

/** php, Debian's Laravel, and the extension the driver needs (same skip/CI rule as havePrograms). */
export function haveLaravel(driver?: LaravelDriver): boolean {
  if (!havePrograms('php')) return false;
  if (!existsSync(ILLUMINATE)) return havePrograms('php-laravel-framework(/usr/share/php/Illuminate)');
  if (driver === 'memcached') return havePhpExtensions('memcached');
  if (driver === 'redis') return havePhpExtensions('redis');
  return true;
}

function runPhpScript(script: string, input: unknown): unknown {
  const php = findProgram('php');
  if (!php) throw new Error('php not found');
  const res = spawnSync(php, ['-d', 'display_errors=stderr', '-d', 'log_errors=0', '-d', 'error_reporting=-1', script], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.status !== 0) throw new Error(`php ${script} exited ${res.status}: ${res.stderr}\n${res.stdout.slice(0, 500)}`);
  return JSON.parse(res.stdout);
}

type Action = 'visit' | 'login' | 'logout';

function request(opts: LaravelSessionOptions, action: Action, cookie?: string): LaravelSessionResult {
  const { loggedIn: _l, logout: _o, ...rest } = opts;
  const out = runPhpScript(APP, { ...rest, action, ...(cookie === undefined ? {} : { cookie }) }) as LaravelSessionResult;
  if (typeof out.cookieValue !== 'string') throw new Error(`Laravel sent no session cookie (${action})`);
  return out;
}

export function laravelSession(opts: LaravelSessionOptions): LaravelSessionResult {
  if (opts.driver === 'file' && opts.filesDir === undefined) throw new Error('filesDir is needed for the file driver');
  if (!opts.logout) return request(opts, opts.loggedIn ? 'login' : 'visit');
  const login = request(opts, 'login');
  return { ...request(opts, 'logout', login.cookieValue), login };
}

export interface EncryptJob {
  /** APP_KEY as in .env. */
  key: string;
  cipher: LaravelCipher;
  plain: string;
  /** Encrypter::encrypt's $serialize (default false). */
  serialize?: boolean;
  /** Prefix the plaintext with CookieValuePrefix::create(cookieName, key), as EncryptCookies does. */
  cookieName?: string;
}

/** Encrypter payloads made by Laravel itself, one per job (one php process for all). */
export function laravelEncrypt(jobs: EncryptJob[]): string[] {
  return runPhpScript(ENCRYPT, jobs) as string[];
}
