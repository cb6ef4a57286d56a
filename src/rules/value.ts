import { intKey, isIntText, normInt } from '../php/int64.js';
import type { PhpValue } from '../php/types.js';

/** The right-hand side of `PATH=VALUE`, parsed once. */
export type Literal =
  | { kind: 'bool'; value: boolean }
  | { kind: 'null' }
  | { kind: 'int'; value: bigint }
  | { kind: 'string'; value: string };

/** Reads a quoted literal `"…"`; inside, only `\"` and `\\` are escapes. */
function parseQuoted(text: string): Literal | string {
  if (text.length < 2 || !text.endsWith('"')) return `unterminated quoted value ${text}`;
  let out = '';
  for (let i = 1; i < text.length - 1; i++) {
    const c = text[i];
    if (c === '\\') {
      const next = text[i + 1];
      if ((next !== '"' && next !== '\\') || i + 1 === text.length - 1) {
        return `bad escape in ${text}: only \\" and \\\\ are allowed`;
      }
      out += next;
      i++;
    } else if (c === '"') {
      return `unescaped " inside quoted value ${text}`;
    } else {
      out += c;
    }
  }
  return { kind: 'string', value: out };
}

/**
 * Parses VALUE: `true`, `false`, `null`, a 64-bit integer in canonical decimal form (`0`, `42`,
 * `-7`), a quoted string `"…"`, or else a bare string taken literally (`admin`, `1.5`, `05`).
 * Returns the literal or an error message.
 */
export function parseLiteral(text: string): Literal | string {
  if (text === '') return 'empty value (write "" to compare with the empty string)';
  if (text.startsWith('"')) return parseQuoted(text);
  if (text === 'true' || text === 'false') return { kind: 'bool', value: text === 'true' };
  if (text === 'null') return { kind: 'null' };
  if (isIntText(text)) {
    const n = intKey(text);
    if (n === undefined) return `integer ${text} is outside PHP's 64-bit range (quote it to compare as a string)`;
    return { kind: 'int', value: BigInt(n) };
  }
  return { kind: 'string', value: text };
}

/**
 * Compiles the equality test for a literal. Typed, with one bridge:
 * - `true`/`false`/`null` match only that PHP value (`1` is not `true`; use a bare PATH for truthiness);
 * - an integer matches the PHP int of that value AND the string of its canonical decimal form
 *   (`5` matches `i:5;` and `s:1:"5";`, because apps often keep database ids as strings) —
 *   but not floats, booleans, or other spellings (`"05"`, `"5.0"`);
 * - a string matches only a PHP string with exactly those characters (case-sensitive).
 */
export function compileEquals(lit: Literal): (v: PhpValue) => boolean {
  switch (lit.kind) {
    case 'bool': {
      const b = lit.value;
      return (v) => v === b;
    }
    case 'null':
      return (v) => v === null;
    case 'string': {
      const s = lit.value;
      return (v) => v === s;
    }
    case 'int': {
      const big = lit.value;
      const str = big.toString();
      const num = normInt(big);
      return (v) => v === num || v === big || v === str;
    }
  }
}
