/** The test harness itself: servers start on free ports, stop, and restart on the same port. */
import { createConnection } from 'node:net';
import { describe, expect, it } from 'vitest';
import { havePrograms } from '../../harness/programs.js';
import { freePort, startMemcached, startRedis, waitForPort } from '../../harness/servers.js';

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

describe('freePort', () => {
  it('returns distinct usable ports', async () => {
    const a = await freePort();
    const b = await freePort();
    expect(a).toBeGreaterThan(1024);
    expect(await accepts(a)).toBe(false);
    expect(b).toBeGreaterThan(1024);
  });
});

describe.runIf(havePrograms('memcached', 'redis-server'))('servers', () => {
  for (const [name, start] of [
    ['memcached', startMemcached],
    ['redis', startRedis],
  ] as const) {
    it(`${name}: start, stop, restart on the same port, kill`, async () => {
      const srv = await start();
      expect(srv.url).toBe(`${name}://127.0.0.1:${srv.port}`);
      expect(await accepts(srv.port)).toBe(true);
      await srv.stop();
      expect(srv.running).toBe(false);
      expect(await accepts(srv.port)).toBe(false);
      await srv.restart();
      expect(srv.running).toBe(true);
      expect(await accepts(srv.port)).toBe(true);
      await srv.kill();
      await srv.kill();
      expect(await accepts(srv.port)).toBe(false);
      await expect(waitForPort(srv.port, 100)).rejects.toThrow(/did not accept/);
    });
  }
});
