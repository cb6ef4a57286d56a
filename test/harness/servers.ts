/**
 * Real memcached / redis-server processes for tests, each on a free port of 127.0.0.1.
 *
 * - Every process started here is registered and killed (SIGKILL) when the test process exits,
 *   even when a test forgets to call stop().
 * - `restart()` starts the server again on the SAME port (for recovery tests); the old data is gone.
 * - `stop()` ends the server gracefully (SIGTERM, then SIGKILL after 3 s; memcached takes ~0.8 s
 *   to exit on SIGTERM); `kill()` uses SIGKILL and is immediate. Processes: process.ts.
 * - A server is "up" when its port accepts a TCP connection (polled, never a fixed sleep).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atExit, spawnTracked, type Tracked } from './process.js';
import { findProgram } from './programs.js';

export interface RunningServer {
  readonly host: string;
  readonly port: number;
  /** `memcached://127.0.0.1:PORT` or `redis://127.0.0.1:PORT`. */
  readonly url: string;
  /** SIGTERM and wait for the exit (SIGKILL after 3 s). Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL and wait for the exit. Idempotent. */
  kill(): Promise<void>;
  /** Stop if running, then start again on the same port and wait until it accepts. */
  restart(): Promise<void>;
  /**
   * SIGSTOP: the server keeps its port and connections but answers nothing (a hung server).
   * Resolves once the process is really stopped (state T in /proc).
   */
  pause(): Promise<void>;
  /** SIGCONT after pause(). */
  resume(): void;
  /** True while the process is running. */
  readonly running: boolean;
}

export interface ServerOptions {
  /** Use this port instead of a free one. */
  port?: number;
  /** Extra command-line arguments. */
  args?: string[];
  /** How long to wait for the port to accept (default 10 s). */
  startTimeoutMs?: number;
}

const HOST = '127.0.0.1';
const dirs = new Set<string>();
atExit(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs.clear();
});

/** A port that was free a moment ago (bind port 0 on 127.0.0.1, close, return it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, HOST, () => {
      const addr = srv.address();
      srv.close(() => {
        if (addr && typeof addr === 'object') resolve(addr.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/** A fresh directory under the system temp dir, removed when the test process exits. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `isauth-${prefix}-`));
  dirs.add(dir);
  return dir;
}

/** Remove a directory made by tempDir now (it is also removed on exit). */
export function removeTempDir(dir: string): void {
  dirs.delete(dir);
  rmSync(dir, { recursive: true, force: true });
}

/** Resolves when host:port accepts a TCP connection; rejects after timeoutMs. */
export async function waitForPort(port: number, timeoutMs = 10_000, host = HOST): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const sock = createConnection({ host, port });
      sock.once('connect', () => {
        sock.destroy();
        resolve(true);
      });
      sock.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`port ${host}:${port} did not accept within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Start `program args` (args built per port), wait for the port; restartable on the same port. */
export async function startProcess(
  name: string,
  scheme: string,
  argsFor: (port: number) => string[],
  opts: ServerOptions,
): Promise<RunningServer> {
  const program = findProgram(name);
  if (!program) throw new Error(`${name} not found (use havePrograms('${name}') to skip)`);
  const port = opts.port ?? (await freePort());
  let proc: Tracked | undefined;

  const launch = async (): Promise<void> => {
    const p = spawnTracked(`${name} on port ${port}`, program, [...argsFor(port), ...(opts.args ?? [])], { keepStdout: false });
    proc = p;
    await p.started(waitForPort(port, opts.startTimeoutMs ?? 10_000));
  };

  const end = async (how: 'stop' | 'kill'): Promise<void> => {
    const p = proc;
    proc = undefined;
    await p?.[how]();
  };

  await launch();
  return {
    host: HOST,
    port,
    url: `${scheme}://${HOST}:${port}`,
    stop: () => end('stop'),
    kill: () => end('kill'),
    restart: async () => {
      await end('stop');
      await launch();
    },
    pause: async () => {
      const c = proc?.child;
      if (!c?.pid) return;
      c.kill('SIGSTOP');
      for (let i = 0; i < 200; i++) {
        const stat = await readFile(`/proc/${c.pid}/stat`, 'utf8').catch(() => '');
        if (/\) [tT] /.test(stat)) return;
        await new Promise((r) => setTimeout(r, 5));
      }
      throw new Error(`process ${c.pid} did not stop`);
    },
    resume: () => void proc?.child.kill('SIGCONT'),
    get running() {
      return proc?.running ?? false;
    },
  };
}

/** memcached -p PORT -l 127.0.0.1 -U 0 -u root (`-u` is required when running as root). */
export function startMemcached(opts: ServerOptions = {}): Promise<RunningServer> {
  return startProcess('memcached', 'memcached', (port) => ['-p', String(port), '-l', HOST, '-U', '0', '-u', 'root'], opts);
}

/** redis-server on PORT, no persistence, working directory in a temp dir. */
export function startRedis(opts: ServerOptions = {}): Promise<RunningServer> {
  const dir = tempDir('redis');
  return startProcess(
    'redis-server',
    'redis',
    (port) => ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--dir', dir],
    opts,
  );
}
