/**
 * The PHP semantics WordPress's session check depends on, over isauth's value model
 * (src/php/types.ts): `maybe_unserialize()` of a meta value, and PHP 8's `$value >= time()` in
 * `WP_Session_Tokens::is_still_valid()`. Data on which PHP itself would throw (a string where a
 * session array belongs) is a DecodeError: isauth then answers `bypass` and lets PHP decide.
 */
import { DecodeError } from '../errors.js';
import { unserialize } from '../php/unserialize.js';
import { PhpFloat, type PhpValue } from '../php/types.js';

const PHP_TRIM = /^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g;
const NUMERIC = /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*$/;

/**
 * `maybe_unserialize($meta_value)` when the caller only uses an ARRAY result (is_array()): a
 * serialized array (`a:…`) is unserialized — strictly, with isauth's own decoder —, anything else
 * (NULL, plain text, another serialized type) is "not an array" (undefined).
 */
export function metaArray(value: string | null, maxDepth: number): Map<unknown, PhpValue> | undefined {
  if (value === null) return undefined;
  const trimmed = value.replace(PHP_TRIM, '');
  if (!trimmed.startsWith('a:')) return undefined;
  const v = unserialize(Buffer.from(trimmed, 'utf8'), { maxDepth });
  return v instanceof Map ? v : undefined;
}

/** PHP 8's `$value >= $now` for an int $now, for the values a session's `expiration` can hold. */
export function phpGreaterOrEqual(value: PhpValue | undefined, now: number): boolean {
  if (value === undefined || value === null) return false; // null >= int: both as bool, false >= true
  if (typeof value === 'number') return value >= now;
  if (typeof value === 'bigint') return value >= BigInt(now);
  if (value instanceof PhpFloat) return value.value >= now;
  if (typeof value === 'boolean') return value; // bool >= int: both as bool
  if (value instanceof Map) return true; // an array is always greater than an int
  if (typeof value === 'string') return NUMERIC.test(value) ? Number(value.trim()) >= now : value >= String(now);
  throw new DecodeError('DECODE_UNSUPPORTED', 0, 'a session expiration PHP cannot compare with time()');
}

/**
 * The expiration of `WP_User_Meta_Session_Tokens::prepare_session($session)`: an int is itself
 * the expiration (very old rows); an array's `expiration` key; other scalars give null (PHP reads
 * an offset of them as null). A string makes PHP throw (TypeError): DecodeError.
 */
export function sessionExpiration(session: PhpValue): PhpValue | undefined {
  if (typeof session === 'number' || typeof session === 'bigint') return session; // is_int()
  if (session instanceof Map) return session.get('expiration');
  if (session === null || typeof session === 'boolean' || session instanceof PhpFloat) return null;
  // A string (TypeError) or an object (Error) — PHP does not get past it.
  throw new DecodeError('DECODE_UNSUPPORTED', 0, 'a session_tokens entry PHP cannot read an expiration from');
}
