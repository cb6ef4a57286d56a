/**
 * THE process helper of the tests and the bench: a child process that is always ended — stop() in
 * the tests, and SIGTERM when the test process exits or is signalled, as a safety net (nginx and
 * php-fpm masters end their workers on SIGTERM; SIGKILL would orphan them). servers.ts
 * (memcached, Redis), nginx.ts, php-fpm.ts, isauth.ts and bench/stack/ all start through it.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface Tracked {
  readonly child: ChildProcess;
  /** Last 8 KiB of stdout+stderr. */
  output(): string;
  readonly running: boolean;
  /** Resolve when `ready` does; reject early (with the output) if the process exits first. */
  started(ready: Promise<void>): Promise<void>;
  /** Send the stop signal, wait for the exit; SIGKILL after 3 s. Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL and wait. */
  kill(): Promise<void>;
}

const live = new Set<ChildProcess>();
const onExit: Array<() => void> = [];

/** Run `fn` when the test process ends (after every live child got SIGTERM). */
export function atExit(fn: () => void): void {
  onExit.push(fn);
}

function cleanupAll(): void {
  for (const c of live) {
    try {
      c.kill('SIGCONT');
      c.kill('SIGTERM');
    } catch {
      /* gone */
    }
  }
  live.clear();
  for (const fn of onExit.splice(0)) fn();
}
process.on('exit', cleanupAll);
// A signal ends the process without 'exit': clean up, then die of the same signal.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(sig, () => {
    cleanupAll();
    process.kill(process.pid, sig);
  });
}

export function exited(c: ChildProcess): Promise<void> {
  if (c.exitCode !== null || c.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => c.once('exit', () => resolve()));
}

export function spawnTracked(
  name: string,
  program: string,
  args: string[],
  opts: { stopSignal?: NodeJS.Signals; env?: NodeJS.ProcessEnv; cwd?: string; keepStdout?: boolean; uid?: number; gid?: number } = {},
): Tracked {
  const child = spawn(program, args, {
    stdio: ['ignore', opts.keepStdout === false ? 'ignore' : 'pipe', 'pipe'],
    env: opts.env ?? process.env,
    cwd: opts.cwd,
    ...(opts.uid !== undefined && { uid: opts.uid }),
    ...(opts.gid !== undefined && { gid: opts.gid }),
  });
  live.add(child);
  let out = '';
  const keep = (d: Buffer): void => {
    out = (out + d.toString()).slice(-8192);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.once('exit', () => live.delete(child));
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      child.kill('SIGCONT'); // a paused (SIGSTOP) process handles the signal only once resumed
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited(child);
    clearTimeout(timer);
  };
  return {
    child,
    output: () => out,
    get running() {
      return child.exitCode === null && child.signalCode === null;
    },
    started: async (ready) => {
      const failed = new Promise<never>((_, reject) =>
        child.once('exit', (code, sig) => reject(new Error(`${name} exited (${code ?? sig}) while starting:\n${out}`))),
      );
      failed.catch(() => undefined);
      try {
        await Promise.race([ready, failed]);
      } catch (err) {
        await end('SIGKILL');
        throw err instanceof Error && !err.message.includes(name) ? new Error(`${name}: ${err.message}\n${out}`) : err;
      }
    },
    stop: () => end(opts.stopSignal ?? 'SIGTERM'),
    kill: () => end('SIGKILL'),
  };
}

/** Resolves when a unix socket accepts a connection; rejects after timeoutMs. */
export async function waitForSocket(path: string, timeoutMs = 10_000): Promise<void> {
  const { createConnection } = await import('node:net');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = createConnection({ path });
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`socket ${path} did not accept within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
