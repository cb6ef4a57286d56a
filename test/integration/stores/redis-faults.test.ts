/**
 * Redis faults beyond the contract: a hung Redis (SIGSTOP) cannot make memory grow (calls beyond
 * MAX_HELD fail fast; a deadline with no answer at all drops the connection and its queue)
 * and the store recovers on SIGCONT; why a connection fails (WRONGPASS) is reported, not
 * swallowed; an oversized session is refused without being downloaded.
 */
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createRedisStore, MAX_HELD } from '../../../src/stores/redis.js';
import { havePrograms } from '../../harness/programs.js';
import { startRedis } from '../../harness/servers.js';

const spec = (port: number, password?: string) => ({ kind: 'redis' as const, host: '127.0.0.1', port, db: 0, ...(password && { password }) });

async function eventually(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.runIf(havePrograms('redis-server'))('redis store faults', () => {
  it('hung Redis: beyond MAX_HELD held commands fail fast, the hung connection is dropped, recovery after SIGCONT', async () => {
    const server = await startRedis();
    const events: (string | undefined)[] = [];
    const store = createRedisStore(spec(server.port), { maxAgeSeconds: 1440, maxBytes: 1 << 20, onHealth: (p) => events.push(p) });
    try {
      await eventually(async () => (await store.load('k', 'k', 1000), true));
      server.pause();
      const calls = Array.from({ length: MAX_HELD + 200 }, () =>
        store.load('k', 'k', 200).then(
          () => 'ok',
          (e: { code?: string }) => e.code,
        ),
      );
      const codes = await Promise.all(calls);
      expect(codes.filter((c) => c === 'STORE_UNAVAILABLE').length).toBeGreaterThanOrEqual(200);
      expect(codes.filter((c) => c === 'STORE_TIMEOUT').length).toBeGreaterThan(0);
      expect(codes).not.toContain('ok');
      // Later calls are not stuck behind the hung ones: they end by their own deadline.
      const t0 = performance.now();
      await expect(store.load('k', 'k', 200)).rejects.toMatchObject({ code: expect.stringMatching(/STORE_TIMEOUT|STORE_UNAVAILABLE/) });
      expect(performance.now() - t0).toBeLessThan(2000);
      server.resume();
      await eventually(async () => (await store.load('k', 'k', 1000)) === null);
    } finally {
      server.resume();
      await store.close();
      await server.stop();
    }
  });

  it('WRONGPASS is reported with its reason', async () => {
    const server = await startRedis({ args: ['--requirepass', 'right'] });
    const events: (string | undefined)[] = [];
    const store = createRedisStore(spec(server.port, 'wrong'), { maxAgeSeconds: 1440, maxBytes: 1 << 20, onHealth: (p) => events.push(p) });
    try {
      await eventually(async () => events.some((e) => e !== undefined && /WRONGPASS|invalid/i.test(e)));
      await expect(store.verify(1000)).rejects.toThrow();
      expect(events.filter((e) => e !== undefined && /WRONGPASS/.test(e)).length).toBe(1);
    } finally {
      await store.close();
      await server.stop();
    }
  });

  it('an oversized session is refused by a size-limited read; empty and absent told apart', async () => {
    const server = await startRedis();
    const direct = new Redis({ port: server.port, host: '127.0.0.1' });
    const store = createRedisStore(spec(server.port), { maxAgeSeconds: 1440, maxBytes: 1024 });
    try {
      await direct.set('big', Buffer.alloc(4 << 20, 0x61));
      await direct.set('empty', '');
      await eventually(async () => (await store.load('none', 'none', 1000)) === null);
      await expect(store.load('big', 'big', 1000)).rejects.toMatchObject({ code: 'STORE_TOO_LARGE' });
      expect((await store.load('empty', 'empty', 1000))?.bytes.length).toBe(0);
      expect(await store.load('none', 'none', 1000)).toBeNull();
    } finally {
      direct.disconnect();
      await store.close();
      await server.stop();
    }
  });
});
