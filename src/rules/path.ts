import { intKey } from '../php/int64.js';
import { PhpObject, unmangle, type PhpKey, type PhpSession, type PhpValue } from '../php/types.js';

/** What a lookup returns when the path does not lead to a value (absent key, or not a container). */
export const MISSING: unique symbol = Symbol('isauth.missing');
export type Found = PhpValue | typeof MISSING;

/** Reads one path from a decoded session. Compiled once; called on every request. */
export type Lookup = (session: PhpSession) => Found;


/**
 * PHP's array-key normalisation: a string that is the canonical decimal form of a 64-bit integer
 * (`"5"`, `"-3"`, not `"05"`, `"-0"`, `"+1"`, `"1.0"` or anything beyond 64 bits) becomes that
 * integer — as a `number` when it is safe, a `bigint` otherwise, like the decoder's model.
 */
export function phpArrayKey(key: string): PhpKey {
  return intKey(key) ?? key;
}

/**
 * Splits `KEY|SUB|…` into its segments. The top-level key is everything before the first `|`
 * (so `symfony/user/sfUser/authenticated` is one key); no segment may be empty.
 * Returns the segments, or an error message.
 */
export function parsePath(text: string): string[] | string {
  if (text === '') return 'empty path';
  const segments = text.split('|');
  if (segments.some((s) => s === '')) return `empty key in path "${text}" (check for a stray "|")`;
  return segments;
}

/** One property of an object by its unmangled name; a public property of that name wins. */
function objectProp(obj: PhpObject, name: string): Found {
  const direct = obj.props.get(name);
  if (direct !== undefined) return direct;
  for (const [raw, value] of obj.props) if (unmangle(raw) === name) return value;
  return MISSING;
}

/** One step down: an array entry (PHP-normalised key) or an object property (unmangled name). */
function step(container: Found, name: string, arrayKey: PhpKey): Found {
  if (container instanceof Map) {
    const v = container.get(arrayKey);
    return v === undefined ? MISSING : v;
  }
  if (container instanceof PhpObject) return objectProp(container, name);
  return MISSING;
}

/**
 * Compiles path segments into a lookup. The top-level key is looked up as written and, for the
 * `php_serialize` format whose `$_SESSION` array normalises numeric keys, as an integer too.
 * Sub-keys descend into arrays (numeric strings match integer keys, as PHP normalises them) and
 * objects (by unmangled property name); anything else on the way means MISSING.
 */
export function compilePath(segments: readonly string[]): Lookup {
  const [top, ...subs] = segments;
  if (top === undefined) throw new Error('compilePath: no segments');
  const topInt = phpArrayKey(top);
  const steps = subs.map((name) => ({ name, key: phpArrayKey(name) }));
  const readTop = (session: PhpSession): Found => {
    let v = session.get(top);
    if (v === undefined && topInt !== top) v = session.get(topInt);
    return v === undefined ? MISSING : v;
  };
  if (steps.length === 0) return readTop;
  return (session) => {
    let v = readTop(session);
    for (const s of steps) {
      if (v === MISSING) return MISSING;
      v = step(v, s.name, s.key);
    }
    return v;
  };
}
