/**
 * PROOF that the memcached store reads each session from the server php-memcached wrote it to:
 * three real memcached servers, real PHP writes 200 sessions with each distribution, each server
 * is asked directly which keys it holds, and the store must read every session back.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeReader } from '../../harness/store-reader.js';
import { serverPicker } from '../../../src/stores/memcached-hash.js';
import { parseStoreUrl } from '../../../src/stores/url.js';
import { newSessionId, phpWriteSessions } from '../../harness/php-session.js';
import { havePhpExtensions, havePrograms } from '../../harness/programs.js';
import { startMemcached, type RunningServer } from '../../harness/servers.js';
import { mcGet } from '../../harness/memcached-text.js';

const N = 200;


/** A PHP-style id (32 chars of [0-9a-v]) derived from a seed. */
function fixedId(seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  let id = '';
  for (let i = 0; i < 32; i++) id += '0123456789abcdefghijklmnopqrstuv'[digest[i]! & 31];
  return id;
}

describe.runIf(havePrograms('memcached') && havePhpExtensions('memcached'))('memcached: server choice = php-memcached', () => {
  let servers: RunningServer[] = [];
  beforeAll(async () => {
    servers = await Promise.all([startMemcached(), startMemcached(), startMemcached()]);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.kill()));
  });

  for (const [hash, ini] of [
    ['ketama', {}],
    ['modulo', { 'memcached.sess_consistent_hash': '0' }],
    ['ketama_weighted', { 'memcached.sess_consistent_hash_type': 'ketama_weighted' }],
  ] as const) {
    it(`${hash}: ${N} sessions spread over 3 servers, each read back from its own server`, async () => {
      // Weights on the last two servers: ignored by ketama and modulo, used by ketama_weighted.
      const list = servers.map((s, i) => `${s.host}:${s.port}${i === 0 ? '' : `:${i + 1}`}`).join(',');
      const prefix = `spread.${hash}.`;
      // Deterministic ids: a disagreement with PHP is then reproducible run after run.
      const ids = Array.from({ length: N }, (_, i) => fixedId(`${hash}-${i}`));
      phpWriteSessions(
        { handler: 'memcached', savePath: list, ini: { 'memcached.sess_prefix': prefix, ...ini } },
        ids.map((id, i) => [id, `$_SESSION['n'] = ${i};`] as const),
      );

      // Where PHP put each session, asking every server directly.
      const where = new Map<string, number>();
      for (const id of ids) {
        const holders: number[] = [];
        for (const [i, s] of servers.entries()) if ((await mcGet(s.port, prefix + id)) !== null) holders.push(i);
        expect(holders, id.slice(0, 6)).toHaveLength(1);
        where.set(id, holders[0]!);
      }
      const perServer = [0, 1, 2].map((i) => [...where.values()].filter((w) => w === i).length);
      expect(perServer.every((n) => n >= N / 10), `spread ${perServer.join('/')}`).toBe(true);

      // The pure picker agrees with PHP on every id…
      const spec = parseStoreUrl(`memcached://${list}?prefix=${prefix}&hash=${hash}`);
      if ('error' in spec || spec.kind !== 'memcached') throw new Error('bad spec');
      const pick = serverPicker(spec.servers, spec.distribution);
      expect(ids.map((id) => pick(id))).toEqual(ids.map((id) => where.get(id)));

      // …and the store reads every session back.
      const store = storeReader(spec, { maxAgeSeconds: 1440, maxBytes: 65536 });
      try {
        for (const [i, id] of ids.entries()) {
          expect(Buffer.from((await store.load(id, 1000)) ?? []).toString()).toBe(`n|i:${i};`);
        }
      } finally {
        await store.close();
      }
    });
  }

  it('a different distribution reads from the wrong servers (the test can fail)', async () => {
    const list = servers.map((s) => `${s.host}:${s.port}`).join(',');
    const ids = Array.from({ length: 50 }, () => newSessionId());
    phpWriteSessions({ handler: 'memcached', savePath: list, ini: { 'memcached.sess_prefix': 'wrong.' } }, ids.map((id) => [id, `$_SESSION['x'] = 1;`] as const));
    const spec = parseStoreUrl(`memcached://${list}?prefix=wrong.&hash=modulo`);
    if ('error' in spec) throw new Error(spec.error);
    const store = storeReader(spec, { maxAgeSeconds: 1440, maxBytes: 65536 });
    let missing = 0;
    for (const id of ids) if ((await store.load(id, 1000)) === null) missing++;
    await store.close();
    expect(missing).toBeGreaterThan(10);
  });
});
