/**
 * The SessionStore contract (src/stores/types.ts), called on the store ITSELF — no cookie codec,
 * key scheme or value codec in front — for every store kind, on a real server, with values put
 * there by the real writer (PHP's session handlers, Symfony's PdoSessionHandler…).
 *
 * Each kind's test file calls `runStoreContract('<kind>[ <variant>]', setup)`; the name is
 * checked against the kinds in src/stores/factory.ts by test/contracts/registry.test.ts, so a
 * store that has not joined fails there. What every store shows:
 * - a value the writer stored, byte for byte; missing → null; empty → empty bytes;
 * - a hostile key is refused by the store itself (null), even where something sits at that key
 *   in the medium, and disturbs nothing (hostile-keys.ts);
 * - oversized → STORE_TOO_LARGE, decided by the announced size: through a proxy that holds back
 *   everything past the limit, the answer still comes (tcp-proxy.ts);
 * - a hung server (SIGSTOP) → STORE_TIMEOUT at the deadline, and wave after wave of loads does
 *   not grow memory (nothing is kept for loads whose deadline passed);
 * - a stopped server → a fast rejection, then recovery without a new store;
 * - verify() resolves while the store is reachable and rejects while it is down or hung;
 * - after close(), load and verify reject.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IsauthError } from '../../src/errors.js';
import type { SessionStore, StoreOptions } from '../../src/stores/types.js';
import type { TcpProxy } from '../harness/tcp-proxy.js';
import { hostileKeys, type Located } from './hostile-keys.js';
import { heapGrowth } from './memory.js';

export type { Located } from './hostile-keys.js';

export const STORE_MAX_BYTES = 64 * 1024;
export const STORE_OPTS: StoreOptions = { maxAgeSeconds: 1440, maxBytes: STORE_MAX_BYTES };
/** What the oversize test stores: far past the limit (memcached's default item limit is 1 MiB). */
const HUGE = 8 * STORE_MAX_BYTES;
const T = 2000;
/**
 * How late past its deadline a rejection may come on a machine busy with other work (the event
 * loop waits its turn). Far below what would end the wait otherwise: a TCP connect or keepalive
 * timeout, or a test timeout.
 */
const SLACK_MS = 2000;

export interface StoreEnv {
  /** The store under test, from createStore (src/stores/factory.ts). */
  store: SessionStore;
  /** Where the writer puts session `id`: the store key, and what placement hashes. */
  locate(id: string): Located;
  /** The real writer stores exactly these bytes as these sessions. */
  write(sessions: ReadonlyArray<readonly [id: string, bytes: Uint8Array]>): Promise<void>;
  /** An oversized session, when the medium needs another way than `write` (files: a sparse file). */
  writeHuge?(id: string, size: number): Promise<void>;
  /** Put bytes at exactly `key` in the medium, bypassing the writer; false when it cannot hold that key. */
  plant(key: string, bytes: Uint8Array): Promise<boolean>;
  /** Keys this medium could misread, built around a real key, beyond the common ones. */
  hostile?(k: Located): Located[];
  /** The server(s) behind the store; absent where there is none. `pause` = SIGSTOP. */
  server?: { stop(): Promise<void>; start(): Promise<void>; pause?(): Promise<void>; resume?(): void };
  /** A second store reaching the same data through a proxy, where the protocol announces sizes. */
  proxied?: { store: SessionStore; proxy: TcpProxy };
  cleanup(): Promise<void>;
}

/**
 * What a kind's medium has (all true by default). The cookie store has no server, no absent or
 * empty values, holds only cookie octets, and has no key length limit of its own (the key IS the
 * value, bounded by maxBytes); the files store has no server to hang.
 */
export interface StoreTraits {
  absent?: boolean;
  empty?: boolean;
  /** Any bytes can be stored (else only printable ASCII: the text tests are not registered). */
  anyBytes?: boolean;
  /** Keys have a length limit (memcached 250, file names 255…): a 4 KB key is refused. */
  keyLimit?: boolean;
  /** env.server.stop/start exist: the medium can be made unreachable. */
  down?: boolean;
  /** env.server.pause/resume exist: the medium can hang. */
  hung?: boolean;
}

/** A PHP-alphabet session id of `n` characters. */
export function newId(n = 32): string {
  const chars = '0123456789abcdefghijklmnopqrstuv';
  let s = '';
  for (let i = 0; i < n; i++) s += chars[Math.floor(Math.random() * 32)];
  return s;
}

export async function expectCode(p: Promise<unknown>, codes: readonly string[]): Promise<IsauthError> {
  const err = await p.then(
    (v) => new Error(`resolved with ${JSON.stringify(v)?.slice(0, 80)}`),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(IsauthError);
  expect(codes).toContain((err as IsauthError).code);
  return err as IsauthError;
}

/** A test that does not apply to a kind is not registered (rather than shown as skipped). */
const itIf = (applies: boolean): typeof it => (applies ? it : ((() => undefined) as unknown as typeof it));

const text = (v: { bytes: Uint8Array } | null): string | null => (v === null ? null : Buffer.from(v.bytes).toString());

export function runStoreContract(name: string, setup: () => Promise<StoreEnv>, traits: StoreTraits = {}): void {
  const { absent = true, empty = true, anyBytes = true, keyLimit = true, down = true, hung = true } = traits;
  describe(`${name}: SessionStore contract`, () => {
    let env: StoreEnv;
    const load = (id: string, ms = T) => env.store.load(env.locate(id).key, env.locate(id).placeBy, ms);
    /** Load until it succeeds (the store reconnecting by itself), for at most `ms`. */
    async function eventually(id: string, ms: number): Promise<string | null> {
      for (const end = Date.now() + ms; ; ) {
        try {
          return text(await load(id, 500));
        } catch (err) {
          if (Date.now() > end) throw err;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    }
    async function stored(s: string): Promise<string> {
      const id = newId();
      await env.write([[id, Buffer.from(s)]]);
      return id;
    }

    beforeAll(async () => {
      env = await setup();
    }, 120_000);
    afterAll(async () => {
      await env?.store.close();
      await env?.proxied?.store.close();
      await env?.proxied?.proxy.close();
      await env?.cleanup();
    }, 60_000);

    itIf(anyBytes)('returns what the writer stored, byte for byte', async () => {
      const id = await stored('user|i:42;name|s:4:"zoë";');
      const v = await load(id);
      expect(text(v)).toBe('user|i:42;name|s:4:"zoë";');
      expect(Number.isInteger(v?.flags)).toBe(true);
    });

    itIf(absent)('missing → null', async () => {
      expect(await load(newId())).toBeNull();
    });

    itIf(empty)('empty → empty bytes (not null)', async () => {
      const id = newId();
      await env.write([[id, new Uint8Array(0)]]);
      expect((await load(id))?.bytes.length).toBe(0);
    });

    itIf(anyBytes)('binary bytes intact (all 256 byte values)', async () => {
      const id = newId();
      const bytes = new Uint8Array(1024).map((_, i) => (i * 7 + 3) & 0xff);
      await env.write([[id, bytes]]);
      expect(Buffer.from((await load(id))?.bytes ?? [])).toEqual(Buffer.from(bytes));
    });

    it('exactly maxBytes loads; one byte more → STORE_TOO_LARGE', async () => {
      const [ok, big] = [newId(), newId()];
      await env.write([
        [ok, new Uint8Array(STORE_MAX_BYTES).fill(0x61)],
        [big, new Uint8Array(STORE_MAX_BYTES + 1).fill(0x61)],
      ]);
      expect((await load(ok))?.bytes.length).toBe(STORE_MAX_BYTES);
      await expectCode(load(big), ['STORE_TOO_LARGE']);
    });

    it('far too large → STORE_TOO_LARGE by the announced size, without downloading the value', async () => {
      const [huge, small] = [newId(), await stored('k.1')];
      if (env.writeHuge) await env.writeHuge(huge, HUGE);
      else await env.write([[huge, new Uint8Array(HUGE).fill(0x62)]]);
      await expectCode(load(huge), ['STORE_TOO_LARGE']);
      if (env.proxied === undefined) return;
      const { store, proxy } = env.proxied;
      const at = env.locate(huge);
      expect(text(await store.load(env.locate(small).key, env.locate(small).placeBy, T))).toBe('k.1');
      // Past the limit, nothing more reaches the store: waiting for the value would time out.
      proxy.limit(STORE_MAX_BYTES + 16 * 1024);
      try {
        await expectCode(store.load(at.key, at.placeBy, T), ['STORE_TOO_LARGE']);
      } finally {
        proxy.unlimit();
      }
      expect(text(await store.load(env.locate(small).key, env.locate(small).placeBy, T))).toBe('k.1');
    });

    it('hostile keys are refused by the store itself (null), whatever sits there, disturbing nothing', async () => {
      const canary = await stored('canary.1');
      const keys = [...hostileKeys(env.locate(canary), keyLimit), ...(env.hostile?.(env.locate(canary)) ?? [])];
      for (const h of keys) await env.plant(h.key, Buffer.from('planted.1'));
      for (const h of keys) {
        const got = await env.store.load(h.key, h.placeBy, T).catch((e: unknown) => e);
        expect(got, JSON.stringify(h.key.slice(0, 60))).toBeNull();
      }
      expect(text(await load(canary))).toBe('canary.1');
    });

    it('verify() resolves while the store is reachable', async () => {
      await env.store.verify(T);
    });

    /** Run `during` while the server hangs, then check the store reads again by itself. */
    async function whileHung(during: () => Promise<void>): Promise<void> {
      const server = env.server;
      if (server?.pause === undefined || server.resume === undefined) throw new Error(`${name}: env lacks server.pause/resume`);
      const id = await stored('k.1');
      expect(await eventually(id, 10_000)).toBe('k.1'); // (still reconnecting after an earlier test)
      await server.pause();
      try {
        await during();
      } finally {
        server.resume();
      }
      expect(await eventually(id, 10_000)).toBe('k.1');
    }

    itIf(hung)('a hung server: STORE_TIMEOUT at the deadline, verify rejects; then works again', async () => {
      await whileHung(async () => {
        const t0 = performance.now();
        await expectCode(load(newId(), 150), ['STORE_TIMEOUT']);
        const took = performance.now() - t0;
        expect(took).toBeGreaterThanOrEqual(140);
        expect(took).toBeLessThan(150 + SLACK_MS);
        await expectCode(env.store.verify(150), ['STORE_TIMEOUT', 'STORE_UNAVAILABLE']);
      });
    }, 60_000);

    itIf(hung)('a hung server: loads past their deadline leave nothing behind (memory bounded)', async () => {
      const ids = Array.from({ length: 1000 }, () => newId(230));
      const wave = async () => {
        const all = await Promise.allSettled(ids.map((i) => load(i, 100)));
        for (const r of all) {
          expect(r.status).toBe('rejected');
          expect(['STORE_TIMEOUT', 'STORE_UNAVAILABLE']).toContain(((r as PromiseRejectedResult).reason as IsauthError).code);
        }
      };
      await whileHung(async () => {
        // 20 waves of 1,000 loads with 230-character ids, one deadline each: a store that kept
        // anything of a load past its deadline for good (a queued command, even just its key)
        // gains over 2 MB in the last 10 waves; one that holds things only for a while (a
        // connection attempt's timeout) levels off within the first 10.
        const grown = await heapGrowth(wave);
        expect(grown, `${(grown / 1e6).toFixed(1)} MB kept`).toBeLessThan(1e6);
      });
    }, 60_000);

    itIf(down)('a stopped server: fast rejection, verify rejects; started again: recovers without a new store', async () => {
      const server = env.server;
      if (server === undefined) throw new Error(`${name}: env lacks server.stop/start`);
      await server.stop();
      try {
        for (let i = 0; i < 3; i++) {
          const t0 = performance.now();
          await expectCode(load(newId(), 150), ['STORE_UNAVAILABLE', 'STORE_TIMEOUT']);
          expect(performance.now() - t0).toBeLessThan(150 + SLACK_MS);
        }
        await expectCode(env.store.verify(150), ['STORE_UNAVAILABLE', 'STORE_TIMEOUT']);
      } finally {
        await server.start();
      }
      const id = await stored('back.1');
      expect(await eventually(id, 10_000)).toBe('back.1');
      await env.store.verify(T);
    }, 60_000);

    it('close() is idempotent; load and verify reject afterwards', async () => {
      const id = await stored('k.1');
      await env.store.close();
      await env.store.close();
      await expectCode(load(id), ['STORE_UNAVAILABLE']);
      await expectCode(env.store.verify(T), ['STORE_UNAVAILABLE']);
    });
  });
}
