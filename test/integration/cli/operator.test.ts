/**
 * What an operator runs (the built CLI): `--help` lists the subcommands; `--check-config` says
 * where each value came from and `--probe` reads the store once; SIGHUP is ignored (logged, the
 * service keeps answering); `--metrics-listen` serves metrics and health on their own address;
 * `--log-time iso`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ISAUTH_MAIN, haveIsauthBuild } from '../../harness/isauth.js';
import { freePort, tempDir } from '../../harness/servers.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

function run(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [ISAUTH_MAIN, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env }, timeout: 20_000 });
}

async function until(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > end) throw new Error('not in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.runIf(haveIsauthBuild())('isauth for operators', () => {
  it('--help, -h, help and serve --help print one short text; help options lists every option', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/isauth decode/);
    expect(r.stdout).toMatch(/--check-config/);
    expect(r.stdout.split('\n').length).toBeLessThan(40);
    for (const same of [['-h'], ['help'], ['serve', '--help']]) expect(run(same).stdout).toBe(r.stdout);
    // Every file and command the text names exists.
    for (const doc of r.stdout.match(/docs\/[a-z-]+\.md/g) ?? []) expect(existsSync(join(ROOT, doc)), doc).toBe(true);
    expect(r.stdout).not.toMatch(/below/);
    const all = run(['help', 'options']);
    expect(all.stdout).toMatch(/--metrics-listen/);
    expect(all.stdout).not.toMatch(/below/);
  });

  it('--check-config says where each value came from; --probe reads the store once', () => {
    const dir = tempDir('probe');
    const r = run(['--check-config', '--store', `files:${dir}`], { ISAUTH_WORKERS: '2' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/--store files:.*← command line/);
    expect(r.stdout).toMatch(/--workers 2 +← ISAUTH_WORKERS/);
    expect(r.stdout).toMatch(/--timeout 100 +← default/);
    const ok = run(['--check-config', '--probe', '--store', `files:${dir}`]);
    expect(ok.status, ok.stdout).toBe(0);
    expect(ok.stdout).toMatch(/probe OK/);
    const bad = run(['--check-config', '--probe', '--store', `files:${join(dir, 'missing')}`]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/probe FAILED: STORE_UNAVAILABLE: .*missing \(ENOENT\)/);
  });

  it('SIGHUP is ignored and logged; --metrics-listen; --log-time iso; SIGTERM exits 0', async () => {
    const dir = tempDir('hup');
    mkdirSync(join(dir, 's'));
    const [port, mport] = [await freePort(), await freePort()];
    const child = spawn(process.execPath, [ISAUTH_MAIN, 'serve', '--listen', `127.0.0.1:${port}`, '--metrics-listen', `127.0.0.1:${mport}`, '--store', `files:${join(dir, 's')}`, '--log-time', 'iso'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      await until(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok);
      child.kill('SIGHUP');
      await until(async () => out.includes('SIGHUP ignored'));
      expect((await fetch(`http://127.0.0.1:${port}/auth`)).headers.get('x-cache-variant')).toBe('anon');
      expect(await (await fetch(`http://127.0.0.1:${mport}/metrics`)).text()).toMatch(/^isauth_build_info\{/m);
      expect((await fetch(`http://127.0.0.1:${mport}/readyz`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
      expect(out).toMatch(/"time":"\d{4}-\d\d-\d\dT/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
