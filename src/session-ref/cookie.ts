/**
 * `$_COOKIE[name]` exactly as PHP 8 builds it from the Cookie header (main/php_variables.c:
 * php_default_treat_data, php_register_variable_ex), for every PHP framework — the session
 * module, Symfony's and Laravel's Request and WordPress all read `$_COOKIE`:
 *
 * - pairs are split on `;` (empty pieces skipped); whitespace (space, tab, \n, \v, \f, \r) before
 *   a name is dropped; an empty name is skipped; the value is everything after the first `=`;
 * - only the first 1,000 pairs count (`max_input_vars`, PHP's default): PHP stops reading there;
 * - the NAME is not URL-decoded (the value is: the caller's cookie codec does that), but each
 *   `.` and space in it becomes `_`, so `laravel.session=A` is `$_COOKIE['laravel_session']`;
 * - a `[` starts an array when a `]` follows somewhere: `PHPSESSID[a]=x` makes
 *   `$_COOKIE['PHPSESSID']` an array — replacing a string read before — which is no session id
 *   (more than 64 nested `[…]`, `max_input_nesting_level`, remove the name instead); without a
 *   `]` the `[` is a `_` like every later `.`, space or `[` (`laravel[session` → `laravel_session`);
 * - a name that only this mangling turned into `__Host-…` or `__Secure-…` is dropped;
 * - then the FIRST pair of a name wins; the header ends at a NUL byte, as PHP's C string does.
 *
 * Returns the raw value (still %-encoded) when `$_COOKIE[name]` is a string, else undefined.
 * One pass over the header without allocating, except for the value returned: this runs on every
 * page request. Tested against PHP itself (test/integration/session-ref/).
 */

/** PHP's default `max_input_vars`: pairs after the 1,000th are not read. */
export const PHP_MAX_INPUT_VARS = 1000;
/** PHP's default `max_input_nesting_level`. */
const MAX_NESTING = 64;

const EQ = 61;
const SPACE = 32;
const DOT = 46;
const UNDERSCORE = 95;
const OPEN = 91;
const CLOSE = 93;

/** The first `code` in `header[from, to)`, or -1: never looks past the pair (no quadratic scans). */
function indexIn(header: string, code: number, from: number, to: number): number {
  for (let i = from; i < to; i++) if (header.charCodeAt(i) === code) return i;
  return -1;
}

/** C's isspace() in the "C" locale. */
const isSpace = (c: number): boolean => c === SPACE || (c >= 9 && c <= 13);

/** What one pair does to `$_COOKIE[name]`. */
const enum Effect {
  /** Another name. */
  None,
  /** `$_COOKIE[name] = value` if it has no entry yet. */
  Plain,
  /** `$_COOKIE[name]` becomes an array. */
  Array,
  /** `$_COOKIE[name]` is removed (nesting past the limit). */
  Remove,
}

/**
 * What the name in `header[start, end)` does to `$_COOKIE[target]`: compared character by
 * character as PHP mangles it, never copied.
 */
function effectOf(header: string, start: number, end: number, target: string): Effect {
  const tlen = target.length;
  let j = 0;
  let open = -1;
  /** The last `]` of the name: a `[` before it opens an array. */
  let lastClose = -1;
  for (let i = end - 1; i >= start; i--) {
    if (header.charCodeAt(i) === CLOSE) {
      lastClose = i;
      break;
    }
  }
  for (let i = start; i < end; i++) {
    let c = header.charCodeAt(i);
    if (c === OPEN) {
      if (lastClose > i) {
        open = i;
        break; // an array: the top-level name is what came before
      }
      // Not an index: this `[` and every later `.`, space and `[` become `_` (no `]` follows).
      c = UNDERSCORE;
    } else if (c === SPACE || c === DOT) c = UNDERSCORE;
    if (j >= tlen || c !== target.charCodeAt(j)) return Effect.None;
    j++;
  }
  if (j !== tlen || tlen === 0) return Effect.None;
  if (forbiddenPrefix(header, start, target)) return Effect.None;
  if (open < 0) return Effect.Plain;
  return nestedGroups(header, open, end) > MAX_NESTING ? Effect.Remove : Effect.Array;
}

/** Mangling made the name start with `__Host-`/`__Secure-` where the name as sent did not. */
function forbiddenPrefix(header: string, start: number, mangled: string): boolean {
  for (const prefix of ['__Host-', '__Secure-']) {
    if (mangled.startsWith(prefix) && !header.startsWith(prefix, start)) return true;
  }
  return false;
}

/** How many `[…]` groups follow one another from `open` (PHP's nesting loop), the last maybe unclosed. */
function nestedGroups(header: string, open: number, end: number): number {
  let groups = 0;
  let i = open;
  while (i < end && header.charCodeAt(i) === OPEN) {
    groups++;
    if (groups > MAX_NESTING) return groups;
    let k = i + 1;
    if (k < end && isSpace(header.charCodeAt(k))) k++;
    const close = indexIn(header, CLOSE, k, end);
    if (close < 0) return groups;
    i = close + 1;
  }
  return groups;
}

export function findCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  const nul = header.indexOf('\0');
  const len = nul < 0 ? header.length : nul;
  let value: string | undefined;
  let present = false;
  let pairs = 0;
  let i = 0;
  while (i < len) {
    let stop = header.indexOf(';', i);
    if (stop < 0 || stop > len) stop = len;
    let s = i;
    while (s < stop && isSpace(header.charCodeAt(s))) s++;
    i = stop + 1;
    if (s === stop) continue; // an empty piece, or only whitespace
    const eq = indexIn(header, EQ, s, stop);
    if (eq === s) continue; // an empty name
    if (++pairs > PHP_MAX_INPUT_VARS) break;
    const nameEnd = eq < 0 ? stop : eq;
    if (header.charCodeAt(s) !== name.charCodeAt(0) && !maybeMangled(header.charCodeAt(s))) continue; // the common case, fast
    switch (effectOf(header, s, nameEnd, name)) {
      case Effect.Plain:
        if (!present) {
          present = true;
          value = eq < 0 ? '' : header.slice(eq + 1, stop);
        }
        break;
      case Effect.Array:
        present = true;
        value = undefined;
        break;
      case Effect.Remove:
        present = false;
        value = undefined;
        break;
      case Effect.None:
        break;
    }
  }
  return value;
}

/** A first character that mangling could turn into another (`.`, space → `_`; `[` → `_`). */
const maybeMangled = (c: number): boolean => c === DOT || c === SPACE || c === OPEN;
