/**
 * Store URLs → StoreSpec. Pure: no I/O, no DNS, nothing thrown; a bad URL gives `{error}` so that
 * config validation can list every problem at once.
 *
 * files:      `files:/dir`, `files:N;/dir`, `files:N;MODE;/dir` (PHP's save_path after `files:`),
 *             and `files:///dir` (URL form, no depth). The directory must be absolute; MODE
 *             (octal) is accepted and ignored — it only matters to PHP when it creates files.
 * memcached:  `memcached://host[:port[:weight]],…[?prefix=…&hash=…&replicas=N&key=…]` (php-memcached),
 *             `…?client=memcache&hash=consistent|standard&hash_function=crc32|fnv&redundancy=N`
 *             (pecl memcache); IPv6 `[::1]:11211`, unix sockets by path — see url-memcached.ts.
 * redis:      `redis://`, `rediss://` (TLS), `redis+unix://`, several hosts `redis://h1:p1:w1,h2:p2:w2`
 *             (phpredis' pool), `redis-cluster://h1:p1,h2:p2`, `redis-sentinel://s1:p,s2:p/mymaster`
 *             — see url-redis.ts.
 */
import { parseSqlUrl, SQL_SCHEMES } from './sql/url.js';
import type { StoreSpec } from './types.js';
import { parseMemcached } from './url-memcached.js';
import { parseRedisUrl } from './url-redis.js';

export type ParsedStoreUrl = StoreSpec | { error: string };

/** Every store URL's beginning, as a user writes it. */
export const STORE_SCHEMES: readonly string[] = [
  'files:', 'memcached://', 'redis://', 'rediss://', 'redis+unix://', 'redis-cluster://', 'redis-sentinel://', 'cookie:',
  'mysql://', 'mariadb://', 'postgres://', 'postgresql://',
];

/** A word that can only be a scheme (so it may be quoted back: no credentials fit in it). */
export const SCHEME_WORD = /^[A-Za-z][A-Za-z0-9+.-]{0,31}$/;

const MAX_DEPTH = 32;

export function parseStoreUrl(url: string): ParsedStoreUrl {
  const parsed = parseAny(url);
  return 'error' in parsed && url.includes('@') ? { error: withoutValues(parsed.error) } : parsed;
}

/**
 * An error about a URL with an `@` — it may hold credentials, perhaps split where the user did not
 * mean (a `?` or `#` in a password not percent-encoded) — quotes nothing taken from the URL.
 */
function withoutValues(error: string): string {
  const first = error.indexOf('"');
  const last = error.lastIndexOf('"');
  if (first < 0) return error;
  return `${error.slice(0, first)}(not shown)${error.slice(last + 1)} — values are not shown when the URL may hold a password; percent-encode @ / ? # % : and spaces in a password`;
}

function parseAny(url: string): ParsedStoreUrl {
  const scheme = /^([a-z+-]+):/i.exec(url)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'files':
      return parseFiles(url.slice('files:'.length));
    case 'cookie':
      return url === 'cookie:' ? { kind: 'cookie' } : { error: 'cookie: takes nothing after the colon (the session is the cookie itself)' };
    case 'memcached':
      return parseMemcached(url.slice('memcached:'.length));
    case 'redis':
    case 'rediss':
    case 'redis+unix':
    case 'redis-cluster':
    case 'redis-sentinel':
      return parseRedisUrl(url, scheme);
    default:
      if (scheme !== undefined && scheme in SQL_SCHEMES) return parseSqlUrl(url); // src/stores/sql/url.ts
      return { error: unknownStore(scheme ?? (SCHEME_WORD.test(url) ? url : undefined)) };
  }
}

/**
 * The scheme, or the whole value when it is a bare word without its colon (`cookie`), is quoted
 * back; never anything else of the URL: it may hold a password.
 */
function unknownStore(word: string | undefined): string {
  const use = 'use files:, memcached://, redis://, rediss://, redis+unix://, redis-cluster://, redis-sentinel://, cookie:, mysql:// or postgres://';
  return word === undefined ? `unknown store: ${use}` : `unknown store "${word}": ${use}`;
}

function parseFiles(rest: string): ParsedStoreUrl {
  if (rest.startsWith('//')) {
    if (!rest.startsWith('///')) return { error: 'files:// URL must have an empty host: files:///dir' };
    return filesSpec(rest.slice(2), 0);
  }
  const parts = rest.split(';');
  if (parts.length > 3) return { error: 'files: expected files:/dir, files:N;/dir or files:N;MODE;/dir' };
  const dir = parts[parts.length - 1] ?? '';
  let depth = 0;
  if (parts.length >= 2) {
    const n = parts[0] ?? '';
    if (!/^\d{1,3}$/.test(n) || Number(n) > MAX_DEPTH) return { error: `files: depth "${n}" must be 0..${MAX_DEPTH}` };
    depth = Number(n);
  }
  if (parts.length === 3 && !/^[0-7]{1,4}$/.test(parts[1] ?? '')) {
    return { error: `files: mode "${parts[1] ?? ''}" must be octal` };
  }
  return filesSpec(dir, depth);
}

function filesSpec(dir: string, depth: number): ParsedStoreUrl {
  if (!dir.startsWith('/')) return { error: `files: directory "${dir}" must be absolute` };
  if (dir.includes('\0')) return { error: 'files: directory contains a NUL byte' };
  const trimmed = dir.length > 1 ? dir.replace(/\/+$/, '') : dir;
  return { kind: 'files', dir: trimmed || '/', depth };
}
