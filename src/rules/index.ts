/** Rules: decide from a decoded PHP session whether the visitor is logged in, and which variant. */
export { compileRules, type RuleSet, type Verdict } from './rule-set.js';
export type { Explanation } from './explain.js';
export { checkRule, compileExpression } from './expression.js';
export { checkVariant, RESERVED_VARIANTS } from './variant.js';
export { DEFAULT_AUTH, PRESET_NAMES } from './presets.js';
export { isTruthy } from './truthy.js';
