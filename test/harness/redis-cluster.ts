/**
 * A real Redis Cluster on free ports of 127.0.0.1 (redis-server --cluster-enabled, joined with
 * `redis-cli --cluster create`). Ready when the cluster says `cluster_state:ok` on every running
 * node AND every replica has finished its first sync (a replica that never synced is never
 * promoted, so a failover test would wait forever): the masters sync diskless without the
 * default 5 s delay.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { startRedis, type RunningServer } from './servers.js';

const run = promisify(execFile);

export interface RunningCluster {
  readonly nodes: RunningServer[];
  /** `127.0.0.1:p1,127.0.0.1:p2,…` of the first `n` nodes (all by default). */
  hosts(n?: number): string[];
  /** Wait until the running nodes agree the cluster is ok and their replicas are synced. */
  waitOk(timeoutMs?: number): Promise<void>;
  kill(): Promise<void>;
}

async function cli(port: number, ...args: string[]): Promise<string> {
  return (await run('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8', timeout: 5000 })).stdout;
}

async function nodeOk(port: number): Promise<boolean> {
  const [info, repl] = await Promise.all([cli(port, 'cluster', 'info'), cli(port, 'info', 'replication')]).catch(() => ['', '']);
  if (!info.includes('cluster_state:ok')) return false;
  return !repl.includes('role:slave') || repl.includes('master_link_status:up');
}

/** `masters` masters with `replicas` replicas each (cluster-node-timeout 1 s). */
export async function startRedisCluster(masters = 3, replicas = 1): Promise<RunningCluster> {
  const args = ['--cluster-enabled', 'yes', '--cluster-node-timeout', '1000', '--cluster-config-file', 'nodes.conf', '--repl-diskless-sync-delay', '0'];
  const nodes = await Promise.all(Array.from({ length: masters * (1 + replicas) }, () => startRedis({ args })));
  const cluster: RunningCluster = {
    nodes,
    hosts: (n = nodes.length) => nodes.slice(0, n).map((s) => `${s.host}:${s.port}`),
    async waitOk(timeoutMs = 30_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const ok = await Promise.all(nodes.filter((s) => s.running).map((s) => nodeOk(s.port)));
        if (ok.every(Boolean)) return;
        if (Date.now() > end) throw new Error('redis cluster not ok in time');
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    kill: async () => void (await Promise.all(nodes.map((s) => s.kill()))),
  };
  try {
    execFileSync('redis-cli', ['--cluster', 'create', ...cluster.hosts(), '--cluster-replicas', String(replicas), '--cluster-yes'], {
      stdio: 'ignore',
      timeout: 30_000,
    });
    await cluster.waitOk();
  } catch (err) {
    await cluster.kill();
    throw err;
  }
  return cluster;
}
