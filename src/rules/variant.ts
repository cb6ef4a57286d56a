import { IsauthError } from '../errors.js';
import { checkRule } from './expression.js';

const VARIANT_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Names a `--variant` may not take: `auth` and `anon` are the plain answers (a variant named so
 * would be indistinguishable from them) and `bypass` is what isauth answers when the store fails.
 */
export const RESERVED_VARIANTS: readonly string[] = Object.freeze(['auth', 'anon', 'bypass']);

/** Splits `NAME=EXPR` at the first `=`; throws IsauthError RULE_SYNTAX for a bad name. */
export function splitVariant(spec: string): { name: string; expr: string } {
  const eq = spec.indexOf('=');
  if (eq < 0) throw new IsauthError('RULE_SYNTAX', `variant "${spec}": expected NAME=EXPR`);
  const name = spec.slice(0, eq).trim();
  if (!VARIANT_NAME.test(name)) {
    throw new IsauthError('RULE_SYNTAX', `variant "${spec}": the name must be 1-64 of A-Z a-z 0-9 _ -`);
  }
  if (RESERVED_VARIANTS.includes(name)) {
    throw new IsauthError('RULE_SYNTAX', `variant "${spec}": the name "${name}" is reserved (${RESERVED_VARIANTS.join(', ')})`);
  }
  return { name, expr: spec.slice(eq + 1) };
}

/** The error message for a bad `NAME=EXPR`, or undefined when it compiles. */
export function checkVariant(spec: string): string | undefined {
  try {
    const { expr } = splitVariant(spec);
    const problem = checkRule(expr);
    return problem === undefined ? undefined : `variant "${spec}": ${problem}`;
  } catch (e) {
    if (e instanceof IsauthError) return e.message;
    throw e;
  }
}
