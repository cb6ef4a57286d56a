/**
 * The health checks that ship — the Dockerfile's HEALTHCHECK and the Kubernetes probes — are
 * small node scripts. Run them for real against the real isauth (port swapped for a free one):
 * exit 0 when the endpoint answers 200, 1 when it answers 503 or nothing listens.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningIsauth, startIsauth } from '../harness/isauth.js';
import { freePort } from '../harness/servers.js';
import { type Container, dockerHealthcheck, parseYamlFile } from './support.js';

const pod = parseYamlFile('deploy/kubernetes/sidecar.yaml').find((d) => d.kind === 'Deployment')!;
const isauthContainer = ((pod.spec.template as { spec: { containers: Container[] } }).spec.containers).find((c) => c.name === 'isauth')!;
const SHIPPED = '127.0.0.1:9180';

const checks: Record<string, string[]> = {
  'Dockerfile HEALTHCHECK': dockerHealthcheck(),
  'k8s readinessProbe': isauthContainer.readinessProbe?.exec?.command ?? [],
  'k8s livenessProbe': isauthContainer.livenessProbe?.exec?.command ?? [],
};

/** Runs a check with its address swapped for `addr`; resolves to its exit status. */
function runCheck(cmd: string[], addr: string): Promise<number | null> {
  const [program, ...args] = cmd;
  expect(program).toBe('node');
  expect(args.join(' ').split(SHIPPED).length, 'the shipped address appears once').toBe(2);
  const child = spawn(process.execPath, args.map((a) => a.replace(SHIPPED, addr)), { stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => resolve(code));
  });
}

describe('the shipped health checks, run against isauth', () => {
  let dir: string;
  let ready: RunningIsauth;
  let notReady: RunningIsauth;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'isauth-probes-'));
    const notADir = join(dir, 'not-a-directory');
    writeFileSync(notADir, '');
    ready = await startIsauth({ store: `files:${dir}`, flags: ['--log-level', 'warn'] });
    // The files store on a path that is not a directory: /healthz 200, /readyz 503.
    notReady = await startIsauth({ store: `files:${notADir}`, flags: ['--log-level', 'error'] });
  });
  afterAll(async () => {
    await ready?.stop();
    await notReady?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the endpoints answer as the checks expect', async () => {
    expect((await ready.get('/readyz')).status).toBe(200);
    expect((await notReady.get('/healthz')).status).toBe(200);
    expect((await notReady.get('/readyz')).status).toBe(503);
  });

  it.each(Object.keys(checks))('%s: 0 on a healthy isauth', async (name) => {
    expect(await runCheck(checks[name]!, ready.listen)).toBe(0);
  });

  it('readiness fails (1) while the store is unreachable; liveness and HEALTHCHECK stay 0', async () => {
    expect(await runCheck(checks['k8s readinessProbe']!, notReady.listen)).toBe(1);
    expect(await runCheck(checks['k8s livenessProbe']!, notReady.listen)).toBe(0);
    expect(await runCheck(checks['Dockerfile HEALTHCHECK']!, notReady.listen)).toBe(0);
  });

  it.each(Object.keys(checks))('%s: 1 when nothing listens', async (name) => {
    expect(await runCheck(checks[name]!, `127.0.0.1:${await freePort()}`)).toBe(1);
  });
});
