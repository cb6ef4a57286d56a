/**
 * Reads a WordPress wp-config.php STATICALLY — its `define()` calls, `const` statements and the
 * `$table_prefix` assignment — and never executes PHP. `readWpConfig(text)` is a pure function
 * (used by `--wp-config` and by `isauth init`): every value comes with its line, and every
 * setting isauth needs but cannot read (computed from getenv(), $_SERVER, another constant; set
 * in an included file; defined twice with different values) is an error naming the line.
 *
 * PHP keeps the FIRST define() of a constant, and wp-config.php's own `require_once … 
 * 'wp-settings.php'` loads WordPress: constants defined after it come too late to matter, so
 * reading stops there. Conditional defines (`if (!defined('X')) define('X', …)`) are read as
 * if they ran.
 */
import { PhpSyntaxError, tokenizePhp, type PhpToken } from './php-tokens.js';

export type WpConfigScalar = string | number | boolean | null;

export interface WpConfigEntry<T extends WpConfigScalar = WpConfigScalar> {
  readonly value: T;
  /** 1-based line of the `define`/`const`/assignment. */
  readonly line: number;
}

export interface WpConfigProblem {
  readonly line: number;
  readonly message: string;
}

export interface WpConfigRead {
  /** Every constant whose value is a plain literal, first definition wins. */
  readonly constants: ReadonlyMap<string, WpConfigEntry>;
  /** `$table_prefix = '…';`, when present. */
  readonly tablePrefix: WpConfigEntry<string> | undefined;
  /** Settings isauth needs but cannot read; empty when the file was read fully. */
  readonly errors: readonly WpConfigProblem[];
}

/** The constants isauth reads (an unreadable one is an error; others are skipped silently). */
export const WP_CONFIG_NEEDED: ReadonlySet<string> = new Set([
  'DB_NAME', 'DB_USER', 'DB_PASSWORD', 'DB_HOST',
  'AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT',
  'SECRET_KEY', 'SECRET_SALT',
  'WP_SITEURL', 'COOKIEHASH', 'LOGGED_IN_COOKIE', 'MULTISITE', 'CUSTOM_USER_TABLE', 'CUSTOM_USER_META_TABLE',
]);

const INCLUDES = new Set(['require', 'require_once', 'include', 'include_once']);
const STATEMENT_START = new Set([';', '{', '}', ':']);

const isOp = (t: PhpToken | undefined, v: string): boolean => t?.t === 'op' && t.value === v;
const nameOf = (t: PhpToken | undefined): string | undefined => (t?.t === 'name' ? t.value.replace(/^\\/, '').toLowerCase() : undefined);

/** A plain literal: a string, a number, true/false/null, or literals joined with `.`; else undefined. */
function literal(tokens: readonly PhpToken[]): { value: WpConfigScalar } | undefined {
  let ts = tokens;
  while (ts.length >= 2 && isOp(ts[0], '(') && isOp(ts[ts.length - 1], ')')) ts = ts.slice(1, -1);
  const parts: WpConfigScalar[] = [];
  for (let k = 0; ; k++) {
    const neg = isOp(ts[k], '-') && ts[k + 1]?.t === 'number';
    if (neg) k++;
    const t = ts[k];
    if (t === undefined) return undefined;
    const word = nameOf(t);
    if (t.t === 'string') parts.push(t.value);
    else if (t.t === 'number') parts.push(neg ? -t.value : t.value);
    else if (word === 'true' || word === 'false') parts.push(word === 'true');
    else if (word === 'null') parts.push(null);
    else return undefined;
    if (k + 1 === ts.length) break;
    if (!isOp(ts[k + 1], '.')) return undefined;
    k++;
  }
  if (parts.length === 1) return { value: parts[0] ?? null };
  if (parts.some((p) => typeof p !== 'string' && typeof p !== 'number')) return undefined;
  return { value: parts.join('') };
}

/** Tokens from `start` (just after an opening `(`) to the matching `)`, split at top-level commas. */
function callArgs(tokens: readonly PhpToken[], start: number): { args: PhpToken[][]; end: number } | undefined {
  const args: PhpToken[][] = [[]];
  let depth = 0;
  for (let k = start; k < tokens.length; k++) {
    const t = tokens[k] as PhpToken;
    if (isOp(t, '(') || isOp(t, '[')) depth++;
    if (isOp(t, ')') || isOp(t, ']')) {
      if (depth === 0) return { args, end: k };
      depth--;
    }
    if (depth === 0 && isOp(t, ',')) args.push([]);
    else args[args.length - 1]?.push(t);
  }
  return undefined;
}

/** Tokens from `start` to the next `;` at the same nesting. */
function untilSemicolon(tokens: readonly PhpToken[], start: number): { expr: PhpToken[]; end: number } {
  let depth = 0;
  for (let k = start; k < tokens.length; k++) {
    const t = tokens[k];
    if (isOp(t, '(') || isOp(t, '[')) depth++;
    else if (isOp(t, ')') || isOp(t, ']')) depth--;
    else if (depth <= 0 && isOp(t, ';')) return { expr: tokens.slice(start, k), end: k };
  }
  return { expr: tokens.slice(start), end: tokens.length };
}

export function readWpConfig(text: string): WpConfigRead {
  const constants = new Map<string, WpConfigEntry>();
  const errors: WpConfigProblem[] = [];
  let tablePrefix: WpConfigEntry<string> | undefined;
  let tokens: PhpToken[];
  try {
    tokens = tokenizePhp(text);
  } catch (err) {
    if (!(err instanceof PhpSyntaxError)) throw err;
    return { constants, tablePrefix, errors: [{ line: err.line, message: `not readable as PHP: ${err.message}` }] };
  }

  const setConstant = (name: string, value: { value: WpConfigScalar } | undefined, line: number): void => {
    const needed = WP_CONFIG_NEEDED.has(name);
    if (value === undefined) {
      if (needed) errors.push({ line, message: `${name} is not a plain value (a quoted string or a number): isauth reads wp-config.php without running PHP — give the value as an option instead` });
      return;
    }
    const first = constants.get(name);
    if (first === undefined) constants.set(name, { value: value.value, line });
    else if (needed && first.value !== value.value) {
      errors.push({ line, message: `${name} is defined twice with different values (lines ${first.line} and ${line}): isauth cannot tell which one PHP runs` });
    }
  };

  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as PhpToken;
    const word = nameOf(t);
    const before = tokens[k - 1];
    const atStart = before === undefined || (before.t === 'op' && STATEMENT_START.has(before.value));
    if (word === 'define' && isOp(tokens[k + 1], '(')) {
      const call = callArgs(tokens, k + 2);
      if (!call) {
        errors.push({ line: t.line, message: 'define( without its closing parenthesis' });
        break;
      }
      const name = literal(call.args[0] ?? []);
      if (typeof name?.value !== 'string') {
        errors.push({ line: t.line, message: 'define() with a computed name: isauth cannot tell which constant it sets' });
      } else {
        setConstant(name.value, call.args[1] ? literal(call.args[1]) : undefined, t.line);
      }
      k = call.end;
    } else if (word === 'const' && atStart && tokens[k + 1]?.t === 'name' && isOp(tokens[k + 2], '=')) {
      const { expr, end } = untilSemicolon(tokens, k + 3);
      setConstant((tokens[k + 1] as { value: string }).value.replace(/^\\/, ''), literal(expr), t.line);
      k = end;
    } else if (t.t === 'variable' && t.value === 'table_prefix' && atStart) {
      const op = tokens[k + 1];
      const { expr, end } = untilSemicolon(tokens, k + 2);
      const value = isOp(op, '=') ? literal(expr) : undefined;
      if (typeof value?.value !== 'string') {
        errors.push({ line: t.line, message: '$table_prefix is not set to a quoted string: isauth reads wp-config.php without running PHP — give --wp-table-prefix instead' });
      } else if (tablePrefix !== undefined && tablePrefix.value !== value.value) {
        errors.push({ line: t.line, message: `$table_prefix is set twice with different values (lines ${tablePrefix.line} and ${t.line})` });
      } else if (tablePrefix === undefined) {
        tablePrefix = { value: value.value, line: t.line };
      }
      k = end;
    } else if (word !== undefined && INCLUDES.has(word) && atStart) {
      const { expr, end } = untilSemicolon(tokens, k + 1);
      const last = [...expr].reverse().find((x) => x.t === 'string');
      if (last?.t === 'string' && /(^|\/)wp-settings\.php$/.test(last.value)) break; // WordPress loads here
      errors.push({ line: t.line, message: `${word} of another file: isauth reads only this file and does not follow includes — point --wp-config at the file that holds the settings, or give them as options` });
      k = end;
    }
  }
  return { constants, tablePrefix, errors };
}
