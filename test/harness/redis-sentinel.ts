/**
 * A real Redis master + replica watched by three sentinels (redis-server --sentinel, quorum 2,
 * down after 1 s unless told otherwise), on free ports of 127.0.0.1. Ready when the replica has
 * synced and every sentinel knows the replica and the other sentinels (so a failover can happen
 * at once).
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, startProcess, startRedis, tempDir, type RunningServer } from './servers.js';

const run = promisify(execFile);
export const SENTINEL_MASTER = 'mymaster';

export interface RunningSentinel {
  readonly master: RunningServer;
  readonly replica: RunningServer;
  readonly sentinels: RunningServer[];
  /** The data node the sentinels currently name as master. */
  currentMasterPort(): Promise<number>;
  kill(): Promise<void>;
}

async function cli(port: number, ...args: string[]): Promise<string> {
  return (await run('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8', timeout: 5000 })).stdout;
}

async function until(what: string, ok: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok().catch(() => false))) {
    if (Date.now() > end) throw new Error(`redis sentinel: ${what} not in time`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function startSentinel(masterPort: number, downAfterMs: number): Promise<RunningServer> {
  const dir = tempDir('sentinel');
  const conf = join(dir, 'sentinel.conf');
  writeFileSync(
    conf,
    [
      `sentinel monitor ${SENTINEL_MASTER} 127.0.0.1 ${masterPort} 2`,
      `sentinel down-after-milliseconds ${SENTINEL_MASTER} ${downAfterMs}`,
      `sentinel failover-timeout ${SENTINEL_MASTER} 5000`,
      '',
    ].join('\n'),
  );
  return startProcess('redis-server', 'redis', (port) => [conf, '--sentinel', '--port', String(port), '--bind', '127.0.0.1', '--dir', dir], {});
}

/** `downAfterMs`: how long the master may not answer before the sentinels fail over (default 1 s). */
export async function startRedisSentinel({ downAfterMs = 1000 }: { downAfterMs?: number } = {}): Promise<RunningSentinel> {
  const fast = ['--repl-diskless-sync-delay', '0'];
  const master = await startRedis({ args: fast });
  const started: RunningServer[] = [master];
  try {
    const replica = await startRedis({ args: [...fast, '--replicaof', '127.0.0.1', String(master.port)] });
    started.push(replica);
    const sentinels = await Promise.all([0, 1, 2].map(() => startSentinel(master.port, downAfterMs)));
    started.push(...sentinels);
    await until('replica sync', async () => (await cli(replica.port, 'info', 'replication')).includes('master_link_status:up'));
    await until('sentinel discovery', async () => {
      const infos = await Promise.all(sentinels.map((s) => cli(s.port, 'info', 'sentinel')));
      return infos.every((i) => /slaves=1,sentinels=3/.test(i));
    });
    return {
      master,
      replica,
      sentinels,
      async currentMasterPort() {
        const out = await cli(sentinels[0]!.port, 'sentinel', 'get-master-addr-by-name', SENTINEL_MASTER);
        return Number(out.trim().split('\n')[1]);
      },
      kill: async () => void (await Promise.all(started.map((s) => s.kill()))),
    };
  } catch (err) {
    await Promise.all(started.map((s) => s.kill()));
    throw err;
  }
}

/** Wait until the sentinels name a master other than `oldPort`. */
export async function waitForFailover(s: RunningSentinel, oldPort: number, timeoutMs = 30_000): Promise<number> {
  await until('failover', async () => (await s.currentMasterPort()) !== oldPort, timeoutMs);
  return s.currentMasterPort();
}
