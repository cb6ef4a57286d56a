/**
 * One setup, one pass: start it, warm up (unmeasured), measure under load with CPU accounting
 * (isauth's own process and the whole machine), stop it — always, also on failure.
 */
import { runLoad, type LoadResult } from './load.js';
import { findPid, machineCpuSeconds, treeCpuSeconds } from './machine.js';
import type { Visitor } from './sessions.js';
import type { BenchContext, Setup } from './setups/types.js';

export interface SetupResult extends LoadResult {
  readonly name: string;
  readonly description: string;
  /** Cores each process group kept busy during the measured load: nginx, isauth, php-fpm,
   *  memcached, store (the setup's session server: Redis, MariaDB, PostgreSQL), node, load-gen
   *  (this process), machine (everything). */
  readonly cores: Readonly<Record<string, number>>;
  /** New connections isauth accepted during the measured load (keepalive check; -1 = unknown). */
  readonly isauthNewConnections?: number;
  /** Measurements taken (more than 1 when other programs disturbed the first). */
  readonly attempts?: number;
  /** Requested rate (rate pass only). */
  readonly rate?: number;
}

export interface PassOptions {
  readonly visitors: readonly Visitor[];
  readonly connections: number;
  readonly seconds: number;
  readonly warmup: number;
  readonly rate?: number;
}

const round = (x: number): number => Math.round(x * 100) / 100;

/** Cores per group, the load generator, `other` (the machine minus all of those: other
 *  programs, or kernel work charged to no process) and the whole machine. */
function coresOf(
  groups: Record<string, Pids>,
  cpu0: Record<string, number>,
  cpu1: Record<string, number>,
  generatorS: number,
  machineS: number,
  seconds: number,
): Record<string, number> {
  const out: Record<string, number> = {};
  let known = generatorS;
  for (const [k, pid] of Object.entries(groups)) {
    if (pid === undefined || (Array.isArray(pid) && pid.length === 0)) continue;
    const used = (cpu1[k] ?? 0) - (cpu0[k] ?? 0);
    known += used;
    out[k] = round(used / seconds);
  }
  out['load-gen'] = round(generatorS / seconds);
  out.other = round(Math.max(0, machineS - known) / seconds);
  out.machine = round(machineS / seconds);
  return out;
}

/** One process tree, or several (a Redis Cluster's nodes). */
type Pids = number | readonly number[] | undefined;

const groupCpuSeconds = (pids: Pids): number =>
  Array.isArray(pids) ? pids.reduce((sum: number, pid: number) => sum + treeCpuSeconds(pid), 0) : treeCpuSeconds(pids as number | undefined);

function memcachedPid(port: number): number | undefined {
  return findPid((argv) => (argv[0] ?? '').endsWith('memcached') && argv[argv.indexOf('-p') + 1] === String(port));
}

export async function measureSetup(setup: Setup, ctx: BenchContext, o: PassOptions): Promise<SetupResult> {
  const running = await setup.start(ctx);
  try {
    const load = { visitors: running.visitors ?? o.visitors, connections: o.connections, ...(o.rate === undefined ? {} : { rate: o.rate }) };
    if (o.warmup > 0) await runLoad(running.target, { ...load, seconds: o.warmup });
    const conn0 = await running.isauthConnections?.();
    const groups: Record<string, Pids> = { ...running.processes, memcached: memcachedPid(ctx.memcached.port) };
    const cpu0 = Object.fromEntries(Object.entries(groups).map(([k, pids]) => [k, groupCpuSeconds(pids)]));
    const m0 = machineCpuSeconds();
    const g0 = process.cpuUsage();
    const r = await runLoad(running.target, { ...load, seconds: o.seconds });
    const cpu1 = Object.fromEntries(Object.entries(groups).map(([k, pids]) => [k, groupCpuSeconds(pids)]));
    const m1 = machineCpuSeconds();
    const g = process.cpuUsage(g0);
    const conn1 = await running.isauthConnections?.();
    // The second /metrics read came on a connection of its own.
    const newConnections = conn0 === undefined || conn1 === undefined ? undefined : conn1 - conn0 - 1;
    return {
      ...r,
      name: setup.name,
      description: setup.description,
      cores: coresOf(groups, cpu0, cpu1, (g.user + g.system) / 1e6, m1.busy - m0.busy, r.seconds),
      ...(newConnections === undefined ? {} : { isauthNewConnections: newConnections }),
      ...(o.rate === undefined ? {} : { rate: Math.round(o.rate) }),
    };
  } finally {
    await running.stop();
  }
}
