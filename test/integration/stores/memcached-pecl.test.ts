/**
 * PROOF that isauth reads sessions where pecl memcache's session handler (save_handler=memcache)
 * put them: three real memcached servers, real PHP writes with each hash strategy and function,
 * with and without redundancy; each server is asked which keys it holds; then one server is
 * stopped and isauth must agree with what PHP itself reads, session by session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IsauthError } from '../../../src/errors.js';
import { peclSessionServers } from '../../../src/stores/placement/pecl-memcache.js';
import { parseStoreUrl } from '../../../src/stores/url.js';
import { mcGet } from '../../harness/memcached-text.js';
import { phpReadSessions } from '../../harness/php-read-session.js';
import { newSessionId, phpWriteSessions, type PhpSessionTarget } from '../../harness/php-session.js';
import { havePhpExtensions, havePrograms } from '../../harness/programs.js';
import { startMemcached, type RunningServer } from '../../harness/servers.js';
import { storeReader } from '../../harness/store-reader.js';

const N = 60;
const OPTS = { maxAgeSeconds: 1440, maxBytes: 64 * 1024 };

describe.runIf(havePrograms('memcached') && havePhpExtensions('memcache'))('pecl memcache: placement = PHP', () => {
  let servers: RunningServer[] = [];
  beforeAll(async () => {
    servers = await Promise.all([startMemcached(), startMemcached(), startMemcached()]);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.kill()));
  });

  for (const [strategy, fn, redundancy] of [
    ['consistent', 'crc32', 1],
    ['consistent', 'crc32', 2],
    ['standard', 'crc32', 1],
    ['standard', 'fnv', 2],
    ['consistent', 'fnv', 3],
  ] as const) {
    it(`${strategy}/${fn}, redundancy ${redundancy}: the servers PHP wrote to, then one server stopped`, async () => {
      await Promise.all(servers.map((s) => (s.running ? undefined : s.restart())));
      const hosts = servers.map((s) => `127.0.0.1:${s.port}`);
      const php: PhpSessionTarget = {
        handler: 'memcache',
        savePath: hosts.map((h) => `tcp://${h}`).join(', '),
        ini: {
          'memcache.hash_strategy': strategy,
          'memcache.hash_function': fn,
          'memcache.session_redundancy': String(redundancy),
        },
      };
      const url = `memcached://${hosts.join(',')}?client=memcache&hash=${strategy}&hash_function=${fn}&redundancy=${redundancy}`;
      const spec = parseStoreUrl(url);
      if ('error' in spec || spec.kind !== 'memcached' || !spec.pecl) throw new Error('bad spec');
      const ids = Array.from({ length: N }, () => newSessionId());
      phpWriteSessions(php, ids.map((id, i) => [id, `$_SESSION['n'] = ${i};`] as const));

      const seq = peclSessionServers(spec.servers, spec.pecl);
      for (const id of ids) {
        const holders: number[] = [];
        for (let s = 0; s < 3; s++) if ((await mcGet(servers[s]!.port, id)) !== null) holders.push(s);
        expect(holders, id.slice(0, 6)).toEqual([...seq(id)].sort());
      }
      const store = storeReader(spec, OPTS);
      try {
        for (const [i, id] of ids.entries()) expect(Buffer.from((await store.load(id, 1000)) ?? []).toString()).toBe(`n|i:${i};`);

        await servers[1]!.stop();
        const phpSees = phpReadSessions(php, ids);
        let bypass = 0;
        for (const [i, id] of ids.entries()) {
          const got = await store.load(id, 500).then(
            (v) => (v === null ? '' : Buffer.from(v).toString()),
            (e: unknown) => (e instanceof IsauthError ? e.code : String(e)),
          );
          if (got === 'STORE_UNAVAILABLE') {
            bypass++;
            // only sessions whose every copy was on the stopped server
            expect(seq(id).every((s) => s === 1)).toBe(true);
            expect(['', false]).toContain(phpSees[i]); // PHP has no session either (or fails)
          } else {
            expect(got).toBe(phpSees[i]);
            expect(got).toBe(`n|i:${i};`);
          }
        }
        if (redundancy >= 2) expect(bypass).toBe(0);
      } finally {
        await store.close();
      }
    }, 60_000);
  }
});
