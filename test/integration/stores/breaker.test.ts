/**
 * The circuit breaker every store is wrapped in (src/stores/breaker.ts, applied by createStore),
 * against real servers hung with SIGSTOP: once a store answered nothing for a whole deadline,
 * reads are refused AT ONCE (pages get `bypass` without waiting out `--timeout`) while the store
 * is probed in the background; the circuit closes by itself when the store answers again. One
 * event (log line, metrics) per opening and per closing. A store that still answers in part —
 * one memcached server of two hung — does not open it.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { IsauthError } from '../../../src/errors.js';
import { startService, type Service } from '../../../src/serve/start.js';
import type { CircuitEvent } from '../../../src/stores/breaker.js';
import { createStore } from '../../../src/stores/factory.js';
import type { SessionStore, StoreSpec } from '../../../src/stores/types.js';
import { havePrograms } from '../../harness/programs.js';
import { startMemcached, startRedis, type RunningServer } from '../../harness/servers.js';

const LONG_MS = 3000;
const opts = { maxAgeSeconds: 1440, maxBytes: 64 * 1024 };
const works = (s: SessionStore, key: string) => s.load(key, key, 2000).then(() => true, () => false);

/** Settle `p`; its error and how long it took. */
async function timed(p: Promise<unknown>): Promise<{ err: unknown; ms: number }> {
  const t0 = performance.now();
  const err = await p.then(() => undefined, (e: unknown) => e);
  return { err, ms: performance.now() - t0 };
}

const kinds: Array<{ name: string; start: () => Promise<RunningServer>; spec: (s: RunningServer) => StoreSpec; key: string }> = [
  {
    name: 'memcached',
    start: () => startMemcached(),
    spec: (s) => ({ kind: 'memcached', servers: [{ host: s.host, port: s.port, weight: 1 }], distribution: 'ketama' }),
    key: 'memc.sess.key.abc',
  },
  { name: 'redis', start: () => startRedis(), spec: (s) => ({ kind: 'redis', host: s.host, port: s.port, db: 0 }), key: 'PHPREDIS_SESSION:abc' },
];

describe.runIf(havePrograms('memcached', 'redis-server'))('the circuit breaker', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  });

  for (const k of kinds) {
    it(`${k.name} hung: after one deadline reads are refused at once; closed again once it answers`, async () => {
      const server = await k.start();
      cleanups.push(() => server.stop());
      const events: CircuitEvent[] = [];
      const store = createStore(k.spec(server), { ...opts, onCircuit: (e) => events.push(e) });
      cleanups.push(() => store.close());
      cleanups.push(async () => server.resume());
      await expect.poll(() => works(store, k.key), { timeout: 10_000 }).toBe(true);

      await server.pause();
      const first = await timed(store.load(k.key, k.key, 500));
      expect((first.err as IsauthError).code).toBe('STORE_TIMEOUT');
      await expect.poll(() => events.length).toBe(1);
      expect(events[0]).toMatchObject({ open: true, store: k.name });

      // While open: refused long before the (generous) deadline, the store is not waited for.
      const refused = await Promise.all(Array.from({ length: 20 }, () => timed(store.load(k.key, k.key, LONG_MS))));
      for (const r of refused) {
        expect(r.err).toBeInstanceOf(IsauthError);
        expect((r.err as IsauthError).code).toBe('STORE_TIMEOUT');
        expect((r.err as IsauthError).message).toMatch(/circuit open/);
        expect(r.ms).toBeLessThan(LONG_MS / 2);
      }
      const ready = await timed(store.verify(LONG_MS));
      expect(ready.err).toBeInstanceOf(IsauthError);
      expect(ready.ms).toBeLessThan(LONG_MS / 2);

      server.resume();
      await expect.poll(() => events.length, { timeout: 10_000 }).toBe(2);
      expect(events[1]).toMatchObject({ open: false, store: k.name });
      expect(await store.load(k.key, k.key, 2000)).toBeNull();
      expect(events.map((e) => e.open)).toEqual([true, false]);
    });
  }

  it('memcached pool: one server hung while the other answers → the circuit stays closed', async () => {
    const a = await startMemcached();
    const b = await startMemcached();
    cleanups.push(() => a.stop(), () => b.stop());
    const events: CircuitEvent[] = [];
    const spec: StoreSpec = { kind: 'memcached', servers: [a, b].map((s) => ({ host: s.host, port: s.port, weight: 1 })), distribution: 'modulo' };
    const store = createStore(spec, { ...opts, onCircuit: (e) => events.push(e) });
    cleanups.push(() => store.close());
    cleanups.push(async () => a.resume());
    // Ids spread over both servers (modulo on the bare id).
    const ids = Array.from({ length: 40 }, (_, i) => `id${i}abcdefghij`);
    await expect.poll(() => Promise.all(ids.map((id) => store.load(`k.${id}`, id, 2000))).then(() => true, () => false), { timeout: 10_000 }).toBe(true);
    await a.pause();
    for (let round = 0; round < 3; round++) {
      const codes = await Promise.all(ids.map((id) => store.load(`k.${id}`, id, 300).then(() => 'answer', (e: IsauthError) => e.code)));
      expect(codes).toContain('answer');
      expect(codes).toContain('STORE_TIMEOUT');
    }
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual([]);
  });

  it('the service logs one line per opening and closing and shows it in /metrics', async () => {
    const server = await startRedis();
    cleanups.push(() => server.stop());
    cleanups.push(async () => server.resume());
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        cb();
      },
    });
    const loaded = loadConfig(['--store', server.url, '--timeout', '300'], {});
    if ('errors' in loaded) throw new Error(loaded.errors.join('; '));
    const config = { ...loaded.config, listen: { host: '127.0.0.1', port: 0 } };
    const service: Service = await startService(config, pino({ level: 'info' }, sink));
    cleanups.push(() => service.close());
    const base = `http://${service.address}`;
    const auth = () => fetch(`${base}/auth`, { headers: { cookie: 'PHPSESSID=abcdefghijklmnopqrstuvwxyz' } }).then((r) => r.headers.get('x-cache-variant'));
    const metric = async (name: string) => Number(new RegExp(`^${name}\\{store="redis"\\} (\\d+)`, 'm').exec(await (await fetch(`${base}/metrics`)).text())?.[1]);
    await expect.poll(auth, { timeout: 10_000 }).toBe('anon');
    expect(await metric('isauth_store_circuit_open')).toBe(0);

    await server.pause();
    expect(await auth()).toBe('bypass');
    await expect.poll(() => metric('isauth_store_circuit_open')).toBe(1);
    for (let i = 0; i < 10; i++) expect(await auth()).toBe('bypass');
    server.resume();
    await expect.poll(auth, { timeout: 10_000 }).toBe('anon');
    expect(await metric('isauth_store_circuit_open')).toBe(0);
    expect(await metric('isauth_store_circuit_opens_total')).toBe(1);
    const circuit = lines.filter((l) => /circuit/.test(l));
    expect(circuit).toHaveLength(2);
    expect(circuit[0]).toMatch(/circuit open/);
    expect(circuit[1]).toMatch(/circuit closed/);
    for (const l of circuit) expect(l).not.toMatch(/abcdefghijklmnop/);
  });
});
