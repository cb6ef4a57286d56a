/** Everything one bench run measured — written as bench/results/latest.json. */
import type { Machine } from '../machine.js';
import type { SetupResult } from '../measure.js';
import type { StartupResult } from '../startup.js';
import type { Target } from './targets.js';

export interface Report {
  readonly date: string;
  readonly machine: Machine;
  readonly options: {
    readonly connections: number;
    readonly seconds: number;
    readonly warmup: number;
    readonly sessions: number;
    readonly nginxWorkers: number;
    readonly phpChildren: number;
    readonly upstreamKeepalive: number;
    readonly isauthFlags: readonly string[];
    readonly pageBytes: number;
  };
  readonly setups: readonly SetupResult[];
  readonly skipped: ReadonlyArray<{ readonly name: string; readonly reason: string }>;
  /** Second pass at a fixed rate (autocannon overallRate) for limit and isauth. */
  readonly ratePass: readonly SetupResult[];
  /** CLI start-up (bench/startup.ts); absent with --no-startup. */
  readonly startup?: StartupResult;
  readonly targets: readonly Target[];
  /** Measurements during which other programs used the CPU (numbers not trustworthy). */
  readonly disturbed: readonly string[];
  /** Why the run failed (wrong variants, errors), empty when it did not. */
  readonly failures: readonly string[];
}
