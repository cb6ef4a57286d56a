/**
 * Shared by the `isauth init` tests: the built CLI's `init` run as an operator runs it, its
 * `--print-config` JSON saved as the file `--config` reads, isauth served from that file, and
 * the two answers every test compares — isauth's, and the framework's own for the same cookie.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ISAUTH_MAIN, startIsauth, type RunningIsauth } from '../../harness/isauth.js';
import { tempDir } from '../../harness/servers.js';
import { http } from '../../harness/web-app.js';

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `isauth ARGS…` (the build), with a clean environment. */
export function isauthCli(args: readonly string[], env: Record<string, string> = {}): CliRun {
  const r = spawnSync(process.execPath, [ISAUTH_MAIN, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface Derived {
  readonly run: CliRun;
  readonly doc: Record<string, unknown>;
  /** The JSON saved as a file (mode 0644 in a directory everyone can traverse). */
  readonly file: string;
}

/** `isauth init APP --print-config [extra]`, its JSON saved for `--config`. */
export function printConfig(appDir: string, extra: readonly string[] = []): Derived {
  const run = isauthCli(['init', appDir, '--print-config', ...extra]);
  if (run.status !== 0) throw new Error(`isauth init --print-config exited ${run.status}:\n${run.stderr}\n${run.stdout}`);
  const dir = tempDir('init-config');
  chmodSync(dir, 0o755);
  const file = join(dir, 'isauth.json');
  writeFileSync(file, run.stdout, { mode: 0o644 });
  return { run, doc: JSON.parse(run.stdout) as Record<string, unknown>, file };
}

/** isauth serving from the file alone (no --store or other flags). */
export function serveFromConfig(file: string): Promise<RunningIsauth> {
  return startIsauth({ store: undefined, flags: ['--config', file, '--log-level', 'warn'] });
}

/** isauth's X-Auth-State for a cookie: '1', '0' or 'unknown'. */
export async function isauthSays(isauth: RunningIsauth, cookie: string): Promise<string> {
  const r = await isauth.get('/auth', { cookie });
  return String(r.headers['x-auth-state']);
}

/** The framework's own verdict for a cookie: its home page says "(logged in)" or "guest". */
export async function appSays(url: string, cookie: string): Promise<string> {
  const r = await http(`${url}/`, { cookie });
  if (r.status !== 200) throw new Error(`GET / → ${r.status}: ${r.body.slice(0, 300)}`);
  if (/\(logged in\)/.test(r.body)) return '1';
  if (/guest/.test(r.body)) return '0';
  throw new Error(`GET / said neither: ${r.body.slice(0, 200)}`);
}
