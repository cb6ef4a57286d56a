/**
 * The names a Laravel 8 application derives from APP_NAME, as its skeleton's config files do
 * (laravel/laravel 8.x):
 *   config/session.php   'cookie' => env('SESSION_COOKIE', Str::slug(env('APP_NAME', 'laravel'), '_').'_session')
 *   config/cache.php     'prefix' => env('CACHE_PREFIX',   Str::slug(env('APP_NAME', 'laravel'), '_').'_cache')
 *   config/database.php  redis.options.prefix => env('REDIS_PREFIX', Str::slug(env('APP_NAME', 'laravel'), '_').'_database_')
 * MemcachedStore/RedisStore::setPrefix append ':' to a non-empty cache prefix (PHP's `empty`:
 * "" and "0" give no prefix). The memcached session key is `<cache prefix>:<id>`; the Redis key is
 * phpredis' OPT_PREFIX (the Redis prefix) + `<cache prefix>:<id>`, in the connection
 * `session.connection` names (default: the `default` connection, database 0).
 *
 * `Str::slug($s, '_')`: transliterate to ASCII (voku/portable-ascii, language 'en'), turn runs
 * of '-' into '_', '@' into '_at_', lower-case, drop everything but [_a-z0-9] and whitespace,
 * collapse runs of '_'/whitespace into one '_', trim '_'. `My App` → `my_app`.
 *
 * Transliteration is implemented here only for what can be matched exactly: ASCII, Latin letters
 * whose canonical decomposition is an ASCII letter plus accents (é → e, ä → a: language 'en'),
 * and a short list of Latin letters without one (ß → ss, æ → ae…), checked against PHP's own
 * Str::slug by test/unit/profiles/laravel-names.test.ts. Any other character (Cyrillic, CJK,
 * punctuation outside ASCII…) throws CONFIG_INVALID asking for the names to be given explicitly
 * — a guessed cookie name would silently make every visitor anonymous.
 */
import { IsauthError } from '../errors.js';

export interface LaravelNames {
  /** Str::slug(APP_NAME, '_'). */
  readonly slug: string;
  /** The session cookie's name (config session.cookie). */
  readonly cookie: string;
  /** The cache store's key prefix, with its ':' (memcached session key = this + id). */
  readonly cachePrefix: string;
  /** phpredis' key prefix (config database.redis.options.prefix). */
  readonly redisOptionPrefix: string;
  /** The whole Redis key prefix of a session (Redis session key = this + id). */
  readonly redisPrefix: string;
}

/** The .env overrides Laravel's skeleton reads before falling back to APP_NAME. */
export interface LaravelNameOverrides {
  readonly SESSION_COOKIE?: string;
  readonly CACHE_PREFIX?: string;
  readonly REDIS_PREFIX?: string;
}

/** Latin letters with no canonical decomposition, as portable-ascii writes them for 'en'. */
const SPECIAL: Readonly<Record<string, string>> = {
  'ß': 'ss', 'Æ': 'AE', 'æ': 'ae', 'Ø': 'O', 'ø': 'o', 'Œ': 'OE', 'œ': 'oe', 'Þ': 'TH', 'þ': 'th',
  'Ð': 'D', 'ð': 'd', 'Đ': 'D', 'đ': 'd', 'Ł': 'L', 'ł': 'l', 'Ħ': 'H', 'ħ': 'h', 'ı': 'i',
  'Ĳ': 'IJ', 'ĳ': 'ij', 'Ŀ': 'L', 'ŀ': 'l', 'ſ': 's',
};

const COMBINING = /[\u0300-\u036f]/g;

function transliterate(ch: string): string | undefined {
  const code = ch.codePointAt(0)!;
  if (code < 0x80) return ch;
  const special = SPECIAL[ch];
  if (special !== undefined) return special;
  if (code < 0xc0 || code > 0x17f || code === 0xd7 || code === 0xf7) return undefined;
  const base = ch.normalize('NFD').replace(COMBINING, '');
  return /^[A-Za-z]$/.test(base) ? base : undefined;
}

/** Laravel's `Str::slug(title, '_')` for the characters described above; throws for others. */
export function laravelSlug(title: string): string {
  let ascii = '';
  for (const ch of title) {
    const t = transliterate(ch);
    if (t === undefined) {
      throw new IsauthError(
        'CONFIG_INVALID',
        `APP_NAME contains "${ch}", whose Laravel slug isauth does not derive: give the cookie and prefixes explicitly (SESSION_COOKIE, CACHE_PREFIX, REDIS_PREFIX)`,
      );
    }
    ascii += t;
  }
  return ascii
    .replace(/-+/g, '_')
    .replaceAll('@', '_at_')
    .toLowerCase()
    .replace(/[^_a-z0-9 \t\n\v\f\r]+/g, '')
    .replace(/[_ \t\n\v\f\r]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** PHP's `! empty($prefix) ? $prefix.':' : ''`. */
function withColon(prefix: string): string {
  return prefix === '' || prefix === '0' ? '' : `${prefix}:`;
}

/**
 * The cookie name and key prefixes of a Laravel 8 application. `appName` undefined means APP_NAME
 * is not set (Laravel's default 'laravel'); overrides are the .env variables that replace a name.
 */
export function laravelNames(appName?: string, overrides: LaravelNameOverrides = {}): LaravelNames {
  const needSlug = overrides.SESSION_COOKIE === undefined || overrides.CACHE_PREFIX === undefined || overrides.REDIS_PREFIX === undefined;
  const slug = needSlug ? laravelSlug(appName ?? 'laravel') : '';
  const cachePrefix = withColon(overrides.CACHE_PREFIX ?? `${slug}_cache`);
  const redisOptionPrefix = overrides.REDIS_PREFIX ?? `${slug}_database_`;
  return {
    slug,
    cookie: overrides.SESSION_COOKIE ?? `${slug}_session`,
    cachePrefix,
    redisOptionPrefix,
    redisPrefix: redisOptionPrefix + cachePrefix,
  };
}
