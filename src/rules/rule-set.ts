import type { PhpSession } from '../php/types.js';
import { compileExpression } from './expression.js';
import { anyOf, type Matcher } from './matcher.js';
import { explain, type Explanation, type NamedMatcher } from './explain.js';
import { DEFAULT_AUTH } from './presets.js';
import { splitVariant } from './variant.js';

/** The answer for one session: the page variant to serve and whether the visitor is logged in. */
export interface Verdict {
  /** `auth`, `anon`, or the name of the first matching `--variant`. */
  variant: string;
  /** `1` when an `--auth` rule matches, else `0` — independent of the variant. */
  state: '1' | '0';
}

export interface RuleSet {
  /** Decides one decoded session. Returns shared frozen objects; never throws. */
  decide(session: PhpSession): Verdict;
  /** Which rule and variant matched and the values the rules looked at (`isauth check`; not for the hot path). */
  explain(session: PhpSession): Explanation;
  /**
   * Top-level session keys the rules read, or null when any key may matter (a prefix rule such
   * as `@laravel`'s `login_web_*`). Used to decode only what is needed.
   */
  readonly topLevelKeys: ReadonlySet<string> | null;
  /** The `--variant` names, in order, as the rules know them (trimmed). */
  readonly variantNames: readonly string[];
  /**
   * Whether a top-level variable matters to the rules (exact key or prefix). Integer keys of a
   * `php_serialize` session are passed in their decimal form.
   */
  needsKey(name: string): boolean;
}

const frozen = (variant: string, state: '1' | '0'): Verdict => Object.freeze({ variant, state });

/**
 * Compiles the `--auth` expressions (any match = logged in; none given = `@default`) and the
 * `--variant NAME=EXPR` list (first match wins, checked before the plain `auth`/`anon` answer).
 * Throws IsauthError RULE_SYNTAX / RULE_PRESET on the first bad expression.
 */
export function compileRules(auth: readonly string[], variants: readonly string[]): RuleSet {
  const authList: NamedMatcher[] = (auth.length > 0 ? auth : DEFAULT_AUTH).map((text) => ({ text, expr: text, m: compileExpression(text) }));
  const authMatcher = anyOf(...authList.map((a) => a.m));
  const compiled = variants.map((spec) => {
    const { name, expr } = splitVariant(spec);
    const m = compileExpression(expr);
    return { text: spec, expr, m, test: m.test, yes: frozen(name, '1'), no: frozen(name, '0') };
  });
  const all: Matcher[] = [authMatcher, ...compiled.map((v) => v.m)];
  const keys = new Set(all.flatMap((m) => m.keys));
  const prefixes = Object.freeze([...new Set(all.flatMap((m) => m.prefixes))]);
  const isAuth = authMatcher.test;
  const AUTH = frozen('auth', '1');
  const ANON = frozen('anon', '0');

  return Object.freeze({
    decide(session: PhpSession): Verdict {
      const loggedIn = isAuth(session);
      for (const v of compiled) if (v.test(session)) return loggedIn ? v.yes : v.no;
      return loggedIn ? AUTH : ANON;
    },
    explain: (session: PhpSession) => explain(authList, compiled, session),
    topLevelKeys: prefixes.length > 0 ? null : keys,
    variantNames: Object.freeze(compiled.map((v) => v.yes.variant)),
    needsKey: (name: string) => keys.has(name) || prefixes.some((p) => name.startsWith(p)),
  });
}
