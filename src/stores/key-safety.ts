/**
 * The stores' own last line of defence. Keys are built by the store-key stage from ids the cookie
 * codec has already validated, but each store still refuses (treats as absent, touching nothing)
 * a key its medium could misread: a file name with a path separator or a leading dot, a memcached
 * key with a space or control byte (which would split the text-protocol line), an oversized key.
 */

/** One path component PHP's files handler could have written: no `/`, no leading `.`, ≤ 255 bytes. */
const FILE_NAME = /^[A-Za-z0-9,_-][A-Za-z0-9,._-]{0,254}$/;
/** memcached: printable ASCII without spaces, ≤ 250 bytes (the protocol's limit). */
const MEMCACHED_KEY = /^[\x21-\x7e]{1,250}$/;
/** Redis keys are binary-safe; we only ever build printable ones, ≤ 1024 bytes. */
const REDIS_KEY = /^[\x20-\x7e]{1,1024}$/;

export const isSafeFileName = (key: string): boolean => FILE_NAME.test(key);
export const isSafeMemcachedKey = (key: string): boolean => MEMCACHED_KEY.test(key);
export const isSafeRedisKey = (key: string): boolean => REDIS_KEY.test(key);
