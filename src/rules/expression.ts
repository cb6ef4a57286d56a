import { IsauthError } from '../errors.js';
import { valueAt, type Matcher } from './matcher.js';
import { parsePath } from './path.js';
import { findPreset, PRESET_NAMES } from './presets.js';
import { isTruthy } from './truthy.js';
import { compileEquals, parseLiteral } from './value.js';

/**
 * Compiles one rule expression (surrounding whitespace ignored):
 * - `@NAME` — a preset;
 * - `PATH` — the value at PATH is truthy by PHP's rules;
 * - `PATH=VALUE` — the value at PATH exists and equals VALUE (see `compileEquals`);
 * - `PATH!=VALUE` — the value at PATH exists and does NOT equal VALUE (a missing path never
 *   matches, so `role!=admin` is false for an empty session).
 * PATH is `KEY|SUB|…`; it ends at the first `=` (a `!` just before it makes the operator `!=`),
 * so keys cannot contain `=`. Throws IsauthError RULE_SYNTAX or RULE_PRESET.
 */
export function compileExpression(expr: string): Matcher {
  const text = expr.trim();
  if (text === '') throw new IsauthError('RULE_SYNTAX', 'empty rule');
  if (text.startsWith('@')) {
    const name = text.slice(1);
    const preset = findPreset(name);
    if (!preset) {
      throw new IsauthError('RULE_PRESET', `unknown preset "@${name}" (known: ${PRESET_NAMES.map((n) => '@' + n).join(', ')})`);
    }
    return preset;
  }
  const { path, negate, value } = splitComparison(text);
  if (value === undefined) return valueAt(pathOf(path, expr), isTruthy);
  const segments = pathOf(path, expr);
  const lit = parseLiteral(value);
  if (typeof lit === 'string') throw new IsauthError('RULE_SYNTAX', `rule "${expr}": ${lit}`);
  const equals = compileEquals(lit);
  return valueAt(segments, negate ? (v) => !equals(v) : equals);
}

/** `PATH`, `PATH=VALUE` or `PATH!=VALUE` (trimmed, not a preset) split at the first `=`. */
export function splitComparison(text: string): { path: string; negate: boolean; value: string | undefined } {
  const eq = text.indexOf('=');
  if (eq < 0) return { path: text, negate: false, value: undefined };
  const negate = eq > 0 && text[eq - 1] === '!';
  return { path: text.slice(0, negate ? eq - 1 : eq), negate, value: text.slice(eq + 1) };
}

function pathOf(text: string, expr: string): string[] {
  const segments = parsePath(text);
  if (typeof segments === 'string') throw new IsauthError('RULE_SYNTAX', `rule "${expr}": ${segments}`);
  return segments;
}

/** The error message for a bad expression, or undefined when it compiles. */
export function checkRule(expr: string): string | undefined {
  try {
    compileExpression(expr);
    return undefined;
  } catch (e) {
    if (e instanceof IsauthError) return e.message;
    throw e;
  }
}
