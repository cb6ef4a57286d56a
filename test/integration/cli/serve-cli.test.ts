/**
 * `isauth serve` as users run it (the built CLI, spawned): configuration errors listed at once
 * with exit 2, --check-config, --help, env vars, graceful SIGTERM with a request in flight,
 * unix socket, workers, and logs that never hold a full session id.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ISAUTH_MAIN, haveIsauthBuild } from '../../harness/isauth.js';
import { havePhpExtensions } from '../../harness/php.js';
import { newSessionId, phpWriteSession } from '../../harness/php-session.js';
import { havePrograms } from '../../harness/programs.js';
import { freePort, removeTempDir, startMemcached, tempDir, type RunningServer } from '../../harness/servers.js';

const ready = haveIsauthBuild() && havePrograms('memcached') && havePhpExtensions('memcached');

function run(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [ISAUTH_MAIN, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env }, timeout: 10_000 });
}

interface Served {
  child: ChildProcess;
  out: () => string;
  exited: Promise<number | null>;
}

/** Every isauth this file started; killed after the tests even when an assertion failed. */
const children = new Set<ChildProcess>();

async function serve(args: string[], probe: { port?: number; socketPath?: string }): Promise<Served> {
  // detached: its own process group, so workers die with it in afterAll.
  const child = spawn(process.execPath, [ISAUTH_MAIN, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  for (let i = 0; i < 200; i++) {
    const ok = await get(probe, '/healthz').then((r) => r.status === 200, () => false);
    if (ok) return { child, out: () => out, exited };
    await new Promise((r) => setTimeout(r, 25));
  }
  child.kill('SIGKILL');
  throw new Error(`isauth did not start: ${out}`);
}

function get(target: { port?: number; socketPath?: string }, path: string, headers: Record<string, string> = {}, agent: Agent | false = false) {
  return new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', ...target, path, headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe.runIf(ready)('isauth serve (CLI)', () => {
  let mc: RunningServer;
  let dir: string;
  const userId = newSessionId();

  beforeAll(async () => {
    mc = await startMemcached();
    dir = tempDir('isauth-cli-');
    phpWriteSession({ handler: 'memcached', savePath: `127.0.0.1:${mc.port}` }, userId, `$_SESSION['user'] = 5;`);
  });
  afterAll(async () => {
    for (const c of children) {
      try {
        process.kill(-c.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    mc?.resume();
    await mc?.stop();
    removeTempDir(dir);
  });

  it('lists every configuration problem at once, naming each flag, and exits 78', () => {
    const r = run(['serve', '--timeout', 'abc', '--serializer', 'xml', '--store', 'bogus://x', '--auth', 'a||b', '--nope']);
    expect(r.status).toBe(78);
    for (const flag of ['--timeout', '--serializer', '--store', '--auth', '--nope']) expect(r.stderr).toContain(flag);
  });

  it('reads ISAUTH_* env vars and reports their problems too', () => {
    const r = run(['serve', '--check-config'], { ISAUTH_TIMEOUT: '-5', ISAUTH_COOKIE: 'bad name' });
    expect(r.status).toBe(78);
    expect(r.stderr).toContain('--timeout');
    expect(r.stderr).toContain('--cookie');
  });

  it('--check-config validates and exits 0; --help lists the options; --version prints it', () => {
    const ok = run(['serve', '--check-config', '--store', `memcached://127.0.0.1:${mc.port}`, '--auth', '@laravel']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/config OK/);
    const help = run(['help', 'options']);
    expect(help.status).toBe(0);
    for (const flag of ['--listen', '--store', '--serializer', '--cookie', '--auth', '--variant', '--timeout', '--max-age']) {
      expect(help.stdout).toContain(flag);
    }
    expect(run(['--version']).stdout).toMatch(/^isauth \d+\.\d+\.\d+/);
  });

  it('finishes a request in flight on SIGTERM, then exits 0', async () => {
    const port = await freePort();
    const s = await serve(['--listen', `127.0.0.1:${port}`, '--store', mc.url, '--auth', 'user', '--timeout', '1500'], { port });
    // Freeze memcached so the next read is still waiting when SIGTERM arrives.
    await mc.pause();
    try {
      // A keep-alive client (like nginx's pool) must not hold the shutdown up either.
      const pool = new Agent({ keepAlive: true });
      expect((await get({ port }, '/healthz', {}, pool)).status).toBe(200);
      const inFlight = get({ port }, '/auth', { cookie: `PHPSESSID=${userId}` });
      await new Promise((r) => setTimeout(r, 200));
      s.child.kill('SIGTERM');
      const res = await inFlight;
      expect(res.status).toBe(200);
      expect(res.headers['x-cache-variant']).toBe('bypass');
      expect(await s.exited).toBe(0);
      pool.destroy();
    } finally {
      mc.resume();
    }
  });

  it('serves on a unix socket nginx workers can connect to, and logs no full session id', async () => {
    const socketPath = join(dir, 'isauth.sock');
    const s = await serve(['--listen', `unix:${socketPath}`, '--store', mc.url, '--auth', 'user', '--log-level', 'debug'], { socketPath });
    expect(statSync(socketPath).mode & 0o777).toBe(0o666);
    const res = await get({ socketPath }, '/auth', { cookie: `PHPSESSID=${userId}` });
    expect([res.status, res.headers['x-cache-variant']]).toEqual([200, 'auth']);
    await get({ socketPath }, '/auth', { cookie: `PHPSESSID=${newSessionId()}` });
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(s.out()).toContain('auth decision'); // debug logs were written…
    expect(s.out()).not.toContain(userId.slice(4)); // …without the id
  });

  it('runs several workers with --workers and stops them all on SIGTERM', async () => {
    const port = await freePort();
    const s = await serve(['--listen', `127.0.0.1:${port}`, '--store', mc.url, '--auth', 'user', '--workers', '2'], { port });
    for (let i = 0; i < 10; i++) {
      const res = await get({ port }, '/auth', { cookie: `PHPSESSID=${userId}` });
      expect(res.headers['x-cache-variant']).toBe('auth');
    }
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  });
});
