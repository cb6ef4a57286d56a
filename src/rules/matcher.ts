import type { PhpSession, PhpValue } from '../php/types.js';
import { compilePath, MISSING } from './path.js';
import { isTruthy } from './truthy.js';

/**
 * A compiled condition on a decoded session, plus the top-level keys it reads (so a caller can
 * decode only those): `keys` are exact names, `prefixes` match every key starting with them.
 */
export interface Matcher {
  readonly test: (session: PhpSession) => boolean;
  readonly keys: readonly string[];
  readonly prefixes: readonly string[];
}

/** A condition on the value found at `KEY|SUB|…`; false when the path leads nowhere. */
export function valueAt(segments: readonly string[], pred: (v: PhpValue) => boolean): Matcher {
  const lookup = compilePath(segments);
  return {
    test: (s) => {
      const v = lookup(s);
      return v !== MISSING && pred(v);
    },
    keys: [segments[0] as string],
    prefixes: [],
  };
}

/** `KEY|SUB|…` exists and is truthy by PHP's rules. */
export const truthyAt = (...segments: string[]): Matcher => valueAt(segments, isTruthy);

/** `KEY|SUB|…` exists and is not null (like `isset()`). */
export const setAt = (...segments: string[]): Matcher => valueAt(segments, (v) => v !== null);

/**
 * Some top-level key starting with `prefix` holds a truthy value. Reads every key, so the rule set
 * reports the prefix instead of exact keys.
 */
export function truthyWithPrefix(prefix: string): Matcher {
  return {
    test: (s) => {
      for (const [k, v] of s) if (typeof k === 'string' && k.startsWith(prefix) && isTruthy(v)) return true;
      return false;
    },
    keys: [],
    prefixes: [prefix],
  };
}

function merge(ms: readonly Matcher[], test: Matcher['test']): Matcher {
  return {
    test,
    keys: [...new Set(ms.flatMap((m) => m.keys))],
    prefixes: [...new Set(ms.flatMap((m) => m.prefixes))],
  };
}

/** True when any of the matchers is (in order, stopping at the first). */
export function anyOf(...ms: Matcher[]): Matcher {
  const tests = ms.map((m) => m.test);
  if (tests.length === 1) return merge(ms, tests[0] as Matcher['test']);
  return merge(ms, (s) => {
    for (const t of tests) if (t(s)) return true;
    return false;
  });
}

/** True when all of the matchers are. */
export function allOf(...ms: Matcher[]): Matcher {
  const tests = ms.map((m) => m.test);
  return merge(ms, (s) => {
    for (const t of tests) if (!t(s)) return false;
    return true;
  });
}

/** The negation of a matcher (for use inside presets only; the rule language has no `!PATH`). */
export function not(m: Matcher): Matcher {
  const t = m.test;
  return { ...m, test: (s) => !t(s) };
}
