/** Configuration: one schema → argv, env, config file, --help and docs/configuration.md. */
export { loadConfig, type Loaded, type LoadResult } from './load.js';
export { OPTIONS, OPTION_LIST, META, envName, type Config, type OptionKey } from '../options/schema.js';
export { renderConfigMarkdown, renderHelp, summarizeConfig } from './render.js';
export { shownStore, type StoreSetting } from '../options/store.js';
export type { ListenAddress } from '../options/values.js';
