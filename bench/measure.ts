/**
 * One setup, one pass: start it, warm up (unmeasured), measure under load with CPU accounting
 * (isauth's own process and the whole machine), stop it — always, also on failure.
 */
import { runLoad, type LoadResult } from './load.js';
import { machineCpuSeconds, processCpuSeconds } from './machine.js';
import type { Visitor } from './sessions.js';
import type { BenchContext, Setup } from './setups/types.js';

export interface SetupResult extends LoadResult {
  readonly name: string;
  readonly description: string;
  /** Cores isauth kept busy during the measured load (absent when the setup has no isauth). */
  readonly isauthCores?: number;
  /** New connections isauth accepted during the measured load (keepalive check; -1 = unknown). */
  readonly isauthNewConnections?: number;
  /** Cores the whole machine kept busy (load generator included). */
  readonly machineCores: number;
  /** Cores the load generator (this process: autocannon + checks) kept busy. */
  readonly generatorCores: number;
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

export async function measureSetup(setup: Setup, ctx: BenchContext, o: PassOptions): Promise<SetupResult> {
  const running = await setup.start(ctx);
  try {
    const load = { visitors: o.visitors, connections: o.connections, ...(o.rate === undefined ? {} : { rate: o.rate }) };
    if (o.warmup > 0) await runLoad(running.target, { ...load, seconds: o.warmup });
    const conn0 = await running.isauthConnections?.();
    const cpu0 = processCpuSeconds(running.isauthPid);
    const m0 = machineCpuSeconds();
    const g0 = process.cpuUsage();
    const r = await runLoad(running.target, { ...load, seconds: o.seconds });
    const cpu1 = processCpuSeconds(running.isauthPid);
    const m1 = machineCpuSeconds();
    const g = process.cpuUsage(g0);
    const conn1 = await running.isauthConnections?.();
    // The second /metrics read came on a connection of its own.
    const newConnections = conn0 === undefined || conn1 === undefined ? undefined : conn1 - conn0 - 1;
    const round = (x: number): number => Math.round(x * 100) / 100;
    return {
      ...r,
      name: setup.name,
      description: setup.description,
      ...(running.isauthPid === undefined ? {} : { isauthCores: round((cpu1 - cpu0) / r.seconds) }),
      ...(newConnections === undefined ? {} : { isauthNewConnections: newConnections }),
      machineCores: round((m1.busy - m0.busy) / r.seconds),
      generatorCores: round((g.user + g.system) / 1e6 / r.seconds),
      ...(o.rate === undefined ? {} : { rate: Math.round(o.rate) }),
    };
  } finally {
    await running.stop();
  }
}
