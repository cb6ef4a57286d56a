/**
 * Real MariaDB and PostgreSQL servers for tests (see /work/shared/reference/test-servers.md):
 * each in a temp dir, on a free port of 127.0.0.1, polled until it accepts connections, killed
 * when the test process exits. `stop`/`start` restart on the same port and data (recovery tests);
 * `pause`/`resume` SIGSTOP/SIGCONT (a hung server). Used by mariadb.ts and postgres.ts.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { freePort, waitForPort } from './servers.js';

export interface SqlServer {
  readonly port: number;
  /** Directory holding the data and the unix socket. */
  readonly dir: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  pause(): Promise<void>;
  resume(): void;
}

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

function exited(c: ChildProcess): Promise<void> {
  return c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', () => r()));
}

/** Start `cmd args` until `port` accepts, and `ready()` resolves. */
export async function superviseServer(
  cmd: string,
  args: (port: number) => string[],
  dir: string,
  ready: (port: number) => Promise<void>,
  spawnOpts: SpawnOptions = {},
): Promise<SqlServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    let stderr = '';
    const c = spawn(cmd, args(port), { stdio: ['ignore', 'ignore', 'pipe'], ...spawnOpts });
    child = c;
    live.add(c);
    c.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    c.once('exit', () => live.delete(c));
    const failed = new Promise<never>((_, rej) => c.once('exit', (code, sig) => rej(new Error(`${cmd} exited (${code ?? sig}): ${stderr}`))));
    failed.catch(() => undefined);
    await Promise.race([waitForPort(port, 30_000).then(() => ready(port)), failed]);
  };
  const stop = async (): Promise<void> => {
    const c = child;
    child = undefined;
    if (!c) return;
    c.kill('SIGCONT');
    c.kill('SIGTERM');
    const t = setTimeout(() => c.kill('SIGKILL'), 10_000);
    await exited(c);
    clearTimeout(t);
  };
  await start();
  return {
    port,
    dir,
    stop,
    start,
    async pause() {
      const pid = child?.pid;
      if (pid === undefined) return;
      child?.kill('SIGSTOP');
      for (let i = 0; i < 400; i++) {
        if (/\) [tT] /.test(await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => ''))) return;
        await new Promise((r) => setTimeout(r, 5));
      }
      throw new Error('server did not stop');
    },
    resume: () => void child?.kill('SIGCONT'),
  };
}

/** Retry `op` until it succeeds (a server that accepts TCP may still be starting up). */
export async function untilOk(op: () => Promise<unknown>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      await op();
      return;
    } catch (err) {
      if (Date.now() > end) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
