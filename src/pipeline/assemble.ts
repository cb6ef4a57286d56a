/**
 * The stages of one configuration, chosen once — the only place that turns a `Config` into the
 * path's parts: the rules (`--auth`, `--variant`), the profile's stages for what the rules read,
 * the same stages decoding every variable (read access, `isauth check`), and the store as the
 * profile reads it (its client's placement, an SQL decision column). `serve`, `check`,
 * `--check-config --probe` and the tests all assemble through here.
 */
import type { Config } from '../config/schema.js';
import { PROFILES, type StageChoices } from '../profiles/index.js';
import { compileRules, type RuleSet } from '../rules/index.js';
import { openStore } from '../stores/open.js';
import type { SessionStore, StoreOptions, StoreSpec } from '../stores/types.js';
import { EVERY_KEY } from './read-session.js';

export interface Assembly {
  readonly rules: RuleSet;
  /** Stages 2, 3, 5, 6 decoding only the variables the rules read. */
  readonly stages: StageChoices;
  /** The same stages decoding every variable. */
  readonly inspectStages: StageChoices;
  /** The store's spec as the profile reads it. */
  readonly storeSpec: StoreSpec;
  /** The store, its module (and client library) imported only now (src/stores/open.ts). */
  openStore(onHealth?: StoreOptions['onHealth']): Promise<SessionStore>;
}

export function assemble(config: Config): Assembly {
  const rules = compileRules(config.auth, config.variants);
  const profile = PROFILES[config.framework];
  const stages = profile.stages(config, rules.topLevelKeys ?? { has: rules.needsKey });
  const storeSpec = stages.storeSpec ?? config.store.spec;
  let inspectStages: StageChoices | undefined;
  return {
    rules,
    stages,
    get inspectStages() {
      return (inspectStages ??= profile.stages(config, EVERY_KEY));
    },
    storeSpec,
    openStore: (onHealth) =>
      openStore(storeSpec, { maxAgeSeconds: config.maxAge, maxBytes: config.maxSessionBytes, ...(onHealth && { onHealth }) }),
  };
}
