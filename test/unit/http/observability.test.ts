/**
 * What operators observe: standard process metric names, build info, a decision histogram, error
 * counters at 0 from the start, units in HELP; the request id from X-Request-Id and the access
 * log; /readyz logged once per change of state; no full session id at any level (trace included);
 * `--metrics-listen`'s own app.
 */
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/http/app.js';
import { buildMetricsApp, loggedReadiness } from '../../../src/http/health.js';
import { createDecisionObserver } from '../../../src/observe/decisions.js';
import { createFailureLog } from '../../../src/observe/failure-log.js';
import { createMetrics, type Metrics } from '../../../src/observe/metrics.js';
import type { Runner } from '../../../src/pipeline/runner.js';

const SID = 'abcdefghijklmnopqrstuvwxyz012345';

function memoryLogger(level = 'trace') {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      raw.push(String(chunk));
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      cb();
    },
  });
  return { logger: pino({ level }, stream), lines, raw };
}

const runner = { decide: async (ref: string | undefined) => (ref ? { variant: 'auth', state: '1', reason: 'decided' } : { variant: 'anon', state: '0', reason: 'no-session' }) } as unknown as Runner;

function observer(metrics: Metrics, logger: pino.Logger, accessLog?: pino.Logger) {
  return createDecisionObserver({ metrics, failureLog: createFailureLog(logger, 'memcached'), accessLog, logger });
}
const notDraining = () => false;

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function start(opts: { verify?: () => Promise<void>; accessLog?: boolean } = {}) {
  const mem = memoryLogger();
  const metrics = createMetrics('memcached', ['vip'], '9.9.9');
  const verifyStore = loggedReadiness(opts.verify ?? (async () => undefined), mem.logger, 'memcached');
  const accessLog = opts.accessLog ? mem.logger.child({ log: 'access' }) : undefined;
  const app = buildApp({
    runner, observer: observer(metrics, mem.logger, accessLog), verifyStore, metrics, logger: mem.logger, cookieName: 'PHPSESSID', sessionHeader: '', draining: notDraining,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  closers.push(() => app.close());
  const a = app.server.address();
  const port = typeof a === 'object' && a ? a.port : 0;
  return { ...mem, port, base: `http://127.0.0.1:${port}`, metrics };
}

describe('observability', () => {
  it('metrics: standard names, build info, decision histogram, zero error counters, units', async () => {
    const s = await start();
    await fetch(`${s.base}/auth`, { headers: { cookie: `PHPSESSID=${SID}` } });
    const text = await (await fetch(`${s.base}/metrics`)).text();
    expect(text).toMatch(/^process_cpu_seconds_total /m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes /m);
    expect(text).not.toMatch(/^isauth_process_/m);
    expect(text).toMatch(/^isauth_build_info\{version="9\.9\.9",nodejs="[^"]+"\} 1$/m);
    expect(text).toMatch(/^isauth_decision_duration_seconds_count 1$/m);
    expect(text).toMatch(/^isauth_store_errors_total\{store="memcached",code="STORE_TIMEOUT"\} 0$/m);
    expect(text).toMatch(/^isauth_decode_errors_total\{code="DECODE_SYNTAX"\} 0$/m);
    expect(text).toMatch(/^# HELP isauth_store_duration_seconds .*seconds/m);
  });

  it('access log: one line per decision with request id, variant, reason, duration, redacted id', async () => {
    const s = await start({ accessLog: true });
    await fetch(`${s.base}/auth`, { headers: { cookie: `PHPSESSID=${SID}`, 'x-request-id': 'req-42' } });
    const access = s.lines.filter((l) => l.log === 'access');
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({ reqId: 'req-42', variant: 'auth', reason: 'decided', sid: 'abcd…(32)' });
    expect(typeof access[0]!.ms).toBe('number');
    expect(s.raw.join('')).not.toContain(SID);
  });

  it('/readyz: one log line per change of state, no stack', async () => {
    let up = false;
    const s = await start({ verify: async () => { if (!up) throw Object.assign(new Error('memcached: ECONNREFUSED'), { code: 'STORE_UNAVAILABLE' }); } });
    for (let i = 0; i < 5; i++) expect((await fetch(`${s.base}/readyz`)).status).toBe(503);
    up = true;
    for (let i = 0; i < 3; i++) expect((await fetch(`${s.base}/readyz`)).status).toBe(200);
    const about = s.lines.filter((l) => String(l.msg).startsWith('readiness'));
    expect(about).toHaveLength(2);
    expect(JSON.stringify(about)).not.toContain('stack');
  });

  it('no full session id at trace: a malformed request with a Cookie header', async () => {
    const s = await start();
    await new Promise<void>((resolve) => {
      const sock = connect(s.port, '127.0.0.1', () => sock.write(`GET /auth HTTP/1.1\r\nHost: x\r\nCookie: PHPSESSID=${SID}\r\nBad Header\r\n\r\n`));
      sock.on('data', () => undefined);
      sock.on('close', () => resolve());
      sock.on('error', () => resolve());
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(s.lines.some((l) => String(l.msg).startsWith('client'))).toBe(true);
    expect(s.raw.join('')).not.toContain(SID);
  });

  it('isauth_ready follows the store check: each /readyz, and a scrape when the last check is old', async () => {
    const metrics = createMetrics('redis', []);
    const gauge = async (): Promise<string | undefined> => /^isauth_ready\{store="redis"\} (\d)$/m.exec(await metrics.registry.metrics())?.[1];
    let up = false;
    let checks = 0;
    const verify = metrics.readiness(async () => {
      checks++;
      if (!up) throw new Error('down');
    });
    expect(await gauge()).toBe('0'); // the scrape checked (nothing had)…
    expect(checks).toBe(1);
    expect(await gauge()).toBe('0'); // …and the next one within 5 s does not
    expect(checks).toBe(1);
    up = true;
    await verify(); // /readyz
    expect(await gauge()).toBe('1');
    up = false;
    await expect(verify()).rejects.toThrow('down');
    expect(await gauge()).toBe('0');
    expect(checks).toBe(3);
  });

  it('--metrics-listen app: /metrics, /healthz, /readyz; the main app then has no /metrics', async () => {
    const mem = memoryLogger();
    const metrics = createMetrics('files', []);
    const app = buildMetricsApp({ verifyStore: async () => undefined, metrics, logger: mem.logger });
    closers.push(() => app.close());
    expect((await app.inject('/metrics')).body).toContain('isauth_requests_total');
    expect((await app.inject('/healthz')).statusCode).toBe(200);
    expect((await app.inject('/readyz')).statusCode).toBe(200);
    const main = buildApp({ runner, observer: observer(metrics, mem.logger), verifyStore: async () => undefined, metrics, logger: mem.logger, cookieName: 'PHPSESSID', sessionHeader: '', metricsElsewhere: true, draining: notDraining });
    closers.push(() => main.close());
    expect((await main.inject('/metrics')).statusCode).toBe(404);
  });
});
