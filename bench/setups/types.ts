/** What every setup looks like to the runner. */
import type { RunningServer } from '../../test/harness/servers.js';
import type { LoadTarget } from '../load.js';
import type { SessionSet, SessionTarget, Visitor } from '../sessions.js';
import type { BenchPhpFpm } from '../stack/php-fpm.js';

export interface BenchContext {
  readonly memcached: RunningServer;
  /** The sessions PHP wrote into memcached (the store setups write them again into their store). */
  readonly sessions: SessionSet;
  /** The bench php-fpm pool (absent in bench:ci: nothing may fall back to PHP there). */
  readonly php: BenchPhpFpm | undefined;
  /** The demo app's public dir (nginx root; PHP fallback). */
  readonly appRoot: string;
  /** A private temp dir for sockets. */
  readonly tmp: string;
  readonly nginxWorkers: number;
  /** php-fpm static children (the php-fpm-files setup starts a pool of its own). */
  readonly phpChildren: number;
  /** Overrides the shipped upstream `keepalive 64;` (experiment). */
  readonly upstreamKeepalive?: number | undefined;
  /** Extra isauth flags (e.g. --workers 2, --no-metrics). */
  readonly isauthFlags: readonly string[];
  /** Node flags for isauth (e.g. --cpu-prof …) — set while profiling. */
  readonly isauthNodeFlags: readonly string[];
}

export interface RunningSetup {
  readonly target: LoadTarget;
  /** Root pids of the setup's own processes, by label (nginx, isauth, php-fpm, node, store):
   *  CPU accounting. A label may hold several trees (a Redis Cluster's nodes). */
  readonly processes: Readonly<Record<string, number | readonly number[] | undefined>>;
  /** Visitors of its own instead of the shared PHP sessions (the WordPress setups make WordPress logins). */
  readonly visitors?: readonly Visitor[];
  /** Connections isauth accepted so far (its /metrics), when it runs isauth with metrics. */
  isauthConnections?(): Promise<number | undefined>;
  stop(): Promise<void>;
}

export interface Setup {
  readonly name: string;
  /** `--only` accepts the name or the group (e.g. `direct` = direct-isauth + direct-node). */
  readonly group: string;
  readonly description: string;
  /** Programs it needs (test/harness/programs.ts names). */
  readonly programs: readonly string[];
  /** Why it cannot run here (e.g. Lua module missing), or undefined. */
  unavailable?(): string | undefined;
  start(ctx: BenchContext): Promise<RunningSetup>;
}

/** The php-fpm socket for nginx's fallback location (a dead path when php-fpm is not running). */
export function phpSocketOf(ctx: BenchContext): string {
  return ctx.php?.socket ?? `${ctx.tmp}/no-php-fpm.sock`;
}

/** Stop in reverse start order, even when one stop fails. */
export async function stopAll(stops: ReadonlyArray<() => Promise<void>>): Promise<void> {
  for (const stop of [...stops].reverse()) await stop().catch(() => undefined);
}

/** A session store a store setup starts (bench/setups/stores.ts, sql.ts). */
export interface BenchStore {
  /** isauth's --store */
  readonly url: string;
  /** Where PHP writes the same sessions. */
  readonly php: SessionTarget;
  /** The store servers' ports (their CPU is accounted as `store`). */
  readonly ports: readonly number[];
  stop(): Promise<void>;
}
