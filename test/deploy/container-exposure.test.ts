/**
 * The container image listens on 0.0.0.0 (it must: nginx runs in another container). What that
 * exposes is measured here — the built service started with the image's own CMD (on loopback and
 * a free port: the same app answers on every address) is asked for every endpoint — and
 * docs/deploy.md must name each one and how to keep `/metrics` and `/sessions` off the shared
 * address (issue 17): `--metrics-listen` moves /metrics, read access answers 401 unless
 * `--inspect-token` is set.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ISAUTH_MAIN, haveIsauthBuild } from '../harness/isauth.js';
import { freePort, tempDir } from '../harness/servers.js';
import { read } from './support.js';

const ENDPOINTS = ['/auth', '/auth/required', '/healthz', '/readyz', '/metrics', '/sessions/abc123', '/sessions/abc123/keys'] as const;

/** The image's CMD, e.g. ["serve", "--listen", "0.0.0.0:9180"]. */
function imageCmd(): string[] {
  const line = read('Dockerfile').split('\n').find((l) => l.startsWith('CMD '));
  return JSON.parse(line!.slice(4)) as string[];
}

async function serving(args: string[], port: number, run: () => Promise<void>): Promise<void> {
  const child: ChildProcess = spawn(process.execPath, [ISAUTH_MAIN, ...args], { stdio: 'ignore', env: { PATH: process.env.PATH ?? '' } });
  try {
    for (let i = 0; i < 200; i++) {
      if ((await status(port, '/healthz')) === 200) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await run();
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

const status = (port: number, path: string): Promise<number> =>
  fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(5000) }).then((r) => r.status, () => 0);

describe.runIf(haveIsauthBuild())('the container image on 0.0.0.0', () => {
  it('listens on every interface, as it must for nginx in another container', () => {
    const cmd = imageCmd();
    expect(cmd[0]).toBe('serve');
    expect(cmd[cmd.indexOf('--listen') + 1]).toMatch(/^0\.0\.0\.0:\d+$/);
  });

  it('what its address serves is what docs/deploy.md lists, with how to keep /metrics and /sessions off it', async () => {
    const cmd = imageCmd();
    const port = await freePort();
    const args = [...cmd.slice(0, cmd.indexOf('--listen')), '--listen', `127.0.0.1:${port}`, ...cmd.slice(cmd.indexOf('--listen') + 2), '--store', `files:${tempDir('exposure')}`];
    const exposed: string[] = [];
    await serving(args, port, async () => {
      for (const path of ENDPOINTS) if ((await status(port, path)) !== 404) exposed.push(path);
      expect(await status(port, '/sessions/abc123')).toBe(401); // read access: off without a token
    });
    expect(exposed).toEqual([...ENDPOINTS]);
    const doc = read('docs/deploy.md');
    const section = doc.slice(doc.indexOf('## The container image'));
    expect(section.length).toBeGreaterThan(100);
    for (const path of ['/auth', '/auth/required', '/healthz', '/readyz', '/metrics', '/sessions/:id', '/sessions/:id/keys']) expect(section).toContain(`\`${path}\``);
    for (const words of ['0.0.0.0', '--metrics-listen', '--inspect-token', '401', '--text-listen']) expect(section).toContain(words);

    // The doc's remedy, measured: with --metrics-listen, /metrics leaves the shared address.
    const [again, metricsPort] = [await freePort(), await freePort()];
    const moved = args.map((a) => (a === `127.0.0.1:${port}` ? `127.0.0.1:${again}` : a));
    await serving([...moved, '--metrics-listen', `127.0.0.1:${metricsPort}`], again, async () => {
      expect(await status(again, '/healthz')).toBe(200); // the image's HEALTHCHECK still works
      expect(await status(again, '/metrics')).toBe(404);
      expect(await status(metricsPort, '/metrics')).toBe(200);
    });
  }, 60_000);
});
