import { describe, expect, it } from 'vitest';
import { storeReader } from '../../harness/store-reader.js';
import { serverPicker } from '../../../src/stores/memcached-hash.js';
import { parseStoreUrl } from '../../../src/stores/url.js';
import type { StoreSpec } from '../../../src/stores/types.js';
import { newSessionId, phpWriteSessions } from '../../harness/php-session.js';
import { havePhpExtensions, havePrograms } from '../../harness/programs.js';
import { startMemcached } from '../../harness/servers.js';
import { mcSet } from '../../harness/memcached-text.js';

function spec(url: string): StoreSpec {
  const s = parseStoreUrl(url);
  if ('error' in s) throw new Error(s.error);
  return s;
}

const CONTRACT_MAX_BYTES = 64 * 1024;

describe.runIf(havePrograms('memcached') && havePhpExtensions('memcached'))('memcached prefixes', () => {
  it('memcached.sess_prefix (default, custom, empty) is read through ?prefix=', async () => {
    const server = await startMemcached();
    try {
      for (const [query, ini] of [
        ['', {}],
        ['?prefix=app1.', { 'memcached.sess_prefix': 'app1.' }],
        ['?prefix=', { 'memcached.sess_prefix': '' }],
      ] as const) {
        const id = newSessionId();
        phpWriteSessions({ handler: 'memcached', savePath: `${server.host}:${server.port}`, ini: { ...ini } }, [[id, `$_SESSION['p'] = 1;`]]);
        const store = storeReader(spec(server.url + query), { maxAgeSeconds: 1440, maxBytes: CONTRACT_MAX_BYTES });
        expect(Buffer.from((await store.load(id, 1000)) ?? []).toString(), query).toBe('p|i:1;');
        await store.close();
      }
    } finally {
      await server.kill();
    }
  });
});

describe.runIf(havePrograms('memcached') && havePhpExtensions('memcached'))('memcached specifics', () => {
  it('the store returns the value with its flags; the identity value codec refuses flags (VALUE_FLAGS), flags 0 → bytes', async () => {
    const server = await startMemcached();
    const store = storeReader(spec(`${server.url}?prefix=`), { maxAgeSeconds: 1440, maxBytes: CONTRACT_MAX_BYTES });
    try {
      await mcSet(server.port, 'flagged0001', Buffer.from('x'), { flags: 0x30 });
      await mcSet(server.port, 'plain000001', Buffer.from('u|i:1;'));
      await expect(store.load('flagged0001', 1000)).rejects.toMatchObject({ code: 'VALUE_FLAGS' });
      expect(Buffer.from((await store.load('plain000001', 1000)) ?? []).toString()).toBe('u|i:1;');
    } finally {
      await store.close();
      await server.kill();
    }
  });

  it('one of three servers down: its sessions fail fast (never read elsewhere), the others still load', async () => {
    const servers = await Promise.all([startMemcached(), startMemcached(), startMemcached()]);
    const list = servers.map((s) => `${s.host}:${s.port}`).join(',');
    const s = spec(`memcached://${list}`);
    const store = storeReader(s, { maxAgeSeconds: 1440, maxBytes: CONTRACT_MAX_BYTES });
    try {
      const ids = Array.from({ length: 40 }, () => newSessionId());
      phpWriteSessions({ handler: 'memcached', savePath: list }, ids.map((id) => [id, `$_SESSION['v'] = 1;`] as const));
      // Copy every session to every server: a store that failed over would then find it.
      for (const id of ids) for (const srv of servers) await mcSet(srv.port, `memc.sess.key.${id}`, Buffer.from('v|i:1;'));
      await servers[1]!.kill();
      const pick = serverPicker(s.kind === 'memcached' ? s.servers : [], 'ketama');
      let down = 0;
      for (const id of ids) {
        const t0 = performance.now();
        if (pick(id) === 1) {
          down++;
          await expect(store.load(id, 100)).rejects.toMatchObject({ code: expect.stringMatching(/STORE_(UNAVAILABLE|TIMEOUT)/) });
          expect(performance.now() - t0).toBeLessThan(400);
        } else {
          expect(Buffer.from((await store.load(id, 1000)) ?? []).toString()).toBe('v|i:1;');
        }
      }
      expect(down).toBeGreaterThan(3);
      await expect(store.verify(200)).rejects.toMatchObject({ message: expect.stringContaining('server 2 of 3') });
    } finally {
      await store.close();
      await Promise.all(servers.map((x) => x.kill()));
    }
  });
});
