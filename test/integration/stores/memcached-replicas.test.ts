/**
 * PROOF for php-memcached with memcached.sess_number_of_replicas (binary protocol): PHP writes the
 * primary and the next server; isauth finds both; with one server stopped isauth reads the copy
 * exactly where PHP itself reads it (and agrees with PHP session by session).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IsauthError } from '../../../src/errors.js';
import { memcachedRouter } from '../../../src/stores/memcached-route.js';
import { parseStoreUrl } from '../../../src/stores/url.js';
import { mcGet } from '../../harness/memcached-text.js';
import { phpReadSessions } from '../../harness/php-read-session.js';
import { newSessionId, phpWriteSessions, type PhpSessionTarget } from '../../harness/php-session.js';
import { havePhpExtensions, havePrograms } from '../../harness/programs.js';
import { startMemcached, type RunningServer } from '../../harness/servers.js';
import { storeReader } from '../../harness/store-reader.js';

const N = 60;

describe.runIf(havePrograms('memcached') && havePhpExtensions('memcached'))('php-memcached replicas', () => {
  let servers: RunningServer[] = [];
  beforeAll(async () => {
    servers = await Promise.all([startMemcached(), startMemcached(), startMemcached()]);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.kill()));
  });

  it('replicas=1: copies on the next server; one server stopped → the copy, as PHP reads it', async () => {
    const hosts = servers.map((s) => `127.0.0.1:${s.port}`);
    const php: PhpSessionTarget = {
      handler: 'memcached',
      savePath: hosts.join(','),
      ini: { 'memcached.sess_binary_protocol': '1', 'memcached.sess_number_of_replicas': '1' },
    };
    const spec = parseStoreUrl(`memcached://${hosts.join(',')}?replicas=1`);
    if ('error' in spec || spec.kind !== 'memcached') throw new Error('bad spec');
    const ids = Array.from({ length: N }, () => newSessionId());
    phpWriteSessions(php, ids.map((id, i) => [id, `$_SESSION['n'] = ${i};`] as const));
    const route = memcachedRouter(spec);
    for (const id of ids) {
      const holders: number[] = [];
      for (let s = 0; s < 3; s++) if ((await mcGet(servers[s]!.port, `memc.sess.key.${id}`)) !== null) holders.push(s);
      expect(holders).toEqual([...route(id).servers].sort());
    }
    const store = storeReader(spec, { maxAgeSeconds: 1440, maxBytes: 64 * 1024 });
    try {
      await servers[0]!.stop();
      const phpSees = phpReadSessions(php, ids);
      for (const [i, id] of ids.entries()) {
        const got = await store.load(id, 500).then(
          (v) => (v === null ? '' : Buffer.from(v).toString()),
          (e: unknown) => (e instanceof IsauthError ? e.code : String(e)),
        );
        expect(got).toBe(`n|i:${i};`);
        expect(phpSees[i]).toBe(got);
      }
    } finally {
      await store.close();
    }
  }, 60_000);
});
