import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { storeReader } from '../../harness/store-reader.js';
import { parseStoreUrl } from '../../../src/stores/url.js';
import { newSessionId, phpWriteSession } from '../../harness/php-session.js';
import { havePhpExtensions, havePrograms } from '../../harness/programs.js';
import { startRedis, tempDir } from '../../harness/servers.js';

const OPTS = { maxAgeSeconds: 1440, maxBytes: 64 * 1024 };

function store(url: string) {
  const spec = parseStoreUrl(url);
  if ('error' in spec) throw new Error(spec.error);
  return storeReader(spec, OPTS);
}

describe.runIf(havePrograms('redis-server') && havePhpExtensions('redis'))('redis', () => {
  it('reads only its own db and prefix', async () => {
    const server = await startRedis();
    try {
      const id = newSessionId();
      phpWriteSession({ handler: 'redis', savePath: `tcp://127.0.0.1:${server.port}?database=2&prefix=p2:` }, id, `$_SESSION['u'] = 7;`);
      const right = store(`${server.url}/2?prefix=p2:`);
      const wrongDb = store(`${server.url}/1?prefix=p2:`);
      const wrongPrefix = store(`${server.url}/2`);
      expect(Buffer.from((await right.load(id, 1000)) ?? []).toString()).toBe('u|i:7;');
      expect(await wrongDb.load(id, 1000)).toBeNull();
      expect(await wrongPrefix.load(id, 1000)).toBeNull();
      await Promise.all([right.close(), wrongDb.close(), wrongPrefix.close()]);
    } finally {
      await server.kill();
    }
  });

  it('a store created while Redis is down works once Redis is up', async () => {
    const server = await startRedis();
    await server.kill();
    const s = store(server.url);
    try {
      await expect(s.load(newSessionId(), 100)).rejects.toMatchObject({ code: expect.stringMatching(/STORE_(UNAVAILABLE|TIMEOUT)/) });
      await server.restart();
      const id = newSessionId();
      phpWriteSession({ handler: 'redis', savePath: `tcp://127.0.0.1:${server.port}` }, id, `$_SESSION['x'] = 1;`);
      const end = Date.now() + 5000;
      let got: Uint8Array | null = null;
      while (Date.now() < end) {
        got = await s.load(id, 200).catch(() => null);
        if (got) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(Buffer.from(got ?? []).toString()).toBe('x|i:1;');
    } finally {
      await s.close();
      await server.kill();
    }
  });

  it('redis+unix:// reads over a unix socket', async () => {
    const sock = `${tempDir('redis-sock')}/redis.sock`;
    const server = await startRedis({ args: ['--unixsocket', sock, '--unixsocketperm', '700'] });
    const s = store(`redis+unix://${sock}?db=1&prefix=u:`);
    try {
      const id = newSessionId();
      phpWriteSession({ handler: 'redis', savePath: `unix://${sock}?database=1&prefix=u:` }, id, `$_SESSION['s'] = 1;`);
      expect(Buffer.from((await s.load(id, 1000)) ?? []).toString()).toBe('s|i:1;');
      await s.verify(1000);
    } finally {
      await s.close();
      await server.kill();
    }
  });
});
