/**
 * Framework profiles: each is a table of the stage choices a kind of site needs, per store family
 * (types.ts); `chooseStages` (choose.ts) is the one place they become the stages of a
 * configuration. The docs' profile table (docs/architecture.md) lists each profile's choices.
 */
export { FRAMEWORKS, type FrameworkName } from '../options/frameworks.js';
export { PROFILES } from './registry.js';
export { chooseStages, keySchemeFor, storeFamily, storeProblems } from './choose.js';
export { optionProblems } from './options.js';
export type { Profile, StageChoices, StoreFamily, StoreRow } from './types.js';
