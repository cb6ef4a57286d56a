/**
 * The stages of one configuration, chosen once — the only place that turns a `Config` into the
 * path's parts: the rules (`--auth`, `--variant`), the profile's stages (src/profiles/) for what
 * the rules read, the same stages decoding every variable (read access, `isauth check`), and the
 * store as the profile reads it. `serve`, `check`, `--check-config --probe` and the tests all
 * assemble through here, and every entry point runs the same `createRunner`.
 */
import type { Config } from '../options/schema.js';
import { chooseStages, type StageChoices } from '../profiles/index.js';
import { compileRules, type RuleSet } from '../rules/index.js';
import { openStore, storeKindOf } from '../stores/open.js';
import type { SessionStore, StoreOptions, StoreSpec } from '../stores/types.js';
import { EVERY_KEY } from './read.js';
import { createDecisionCache } from '../decision-cache/index.js';
import type { Outcome } from './outcome.js';
import { createRunner, type Runner } from './runner.js';
import type { StageObserver } from './trace.js';

export interface Assembly {
  readonly rules: RuleSet;
  /** Stages 2, 3, 5, 6 decoding only the variables the rules read. */
  readonly stages: StageChoices;
  /** The same stages decoding every variable. */
  readonly inspectStages: StageChoices;
  /** The store's spec as the profile reads it. */
  readonly storeSpec: StoreSpec;
  /** `SessionStore.kind` of that store ('files', 'redis-cluster', 'mysql'…). */
  readonly storeKind: string;
  /** The store, its module (and client library) imported only now (src/stores/open.ts). */
  openStore(onHealth?: StoreOptions['onHealth'], onCircuit?: StoreOptions['onCircuit']): Promise<SessionStore>;
  /** The runner of the stages on `store` (the hot path); `observer` gets stage events (metrics). */
  runner(store: SessionStore, observer?: StageObserver): Runner;
  /** The runner for read access: every variable decoded; no stage events. */
  inspectRunner(store: SessionStore): Runner;
}

export function assemble(config: Config): Assembly {
  const rules = compileRules(config.auth, config.variants);
  const stages = chooseStages(config, rules.topLevelKeys ?? { has: rules.needsKey });
  const storeSpec = stages.storeSpec ?? config.store.spec;
  let inspectStages: StageChoices | undefined;
  const inspect = () => (inspectStages ??= chooseStages(config, EVERY_KEY));
  return {
    rules,
    stages,
    get inspectStages() {
      return inspect();
    },
    storeSpec,
    storeKind: storeKindOf(storeSpec),
    openStore: (onHealth, onCircuit) =>
      openStore(storeSpec, { maxAgeSeconds: config.maxAge, maxBytes: config.maxSessionBytes, ...(onHealth && { onHealth }), ...(onCircuit && { onCircuit }) }),
    runner: (store, observer) =>
      createRunner({ ...stages, store, rules, timeoutMs: config.timeout, decisions: config.decisionCache > 0 ? createDecisionCache<Outcome>(config.decisionCache) : undefined }, observer),
    inspectRunner: (store) => createRunner({ ...inspect(), store, rules, timeoutMs: config.timeout }),
  };
}
