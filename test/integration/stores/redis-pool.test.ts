/**
 * Several Redis hosts without Cluster, as phpredis' session handler spreads them: REAL PHP writes
 * with three `tcp://` hosts (weights 1, 2, 1) in session.save_path, isauth reads
 * `redis://h1:p1:1,h2:p2:2,h3:p3:1` and finds every session on the host PHP picked; one host
 * stopped: only its sessions bypass, the others keep answering.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IsauthError } from '../../../src/errors.js';
import { parseStoreUrl } from '../../../src/stores/url.js';
import { newSessionId, phpWriteSessions } from '../../harness/php-session.js';
import { havePhpExtensions, havePrograms } from '../../harness/programs.js';
import { startRedis, type RunningServer } from '../../harness/servers.js';
import { storeReader, type SessionReader } from '../../harness/store-reader.js';

const N = 60;
const WEIGHTS = [1, 2, 1];

describe.runIf(havePrograms('redis-server') && havePhpExtensions('redis'))('redis: several phpredis hosts', () => {
  let servers: RunningServer[] = [];
  let store: SessionReader;
  const ids = Array.from({ length: N }, () => newSessionId());
  /** Which server PHP put each session on (asked of the servers directly). */
  const home: number[] = [];
  beforeAll(async () => {
    servers = await Promise.all(WEIGHTS.map(() => startRedis()));
    const savePath = servers.map((s, i) => `tcp://${s.host}:${s.port}?weight=${WEIGHTS[i]}`).join(', ');
    phpWriteSessions({ handler: 'redis', savePath }, ids.map((id, i) => [id, `$_SESSION['n'] = ${i};`] as const));
    const direct = servers.map((s) => new Redis({ host: s.host, port: s.port }));
    for (const id of ids) {
      const found = await Promise.all(direct.map((r) => r.exists(`PHPREDIS_SESSION:${id}`)));
      expect(found.filter((f) => f === 1)).toHaveLength(1);
      home.push(found.indexOf(1));
    }
    direct.forEach((r) => r.disconnect());
    const spec = parseStoreUrl(`redis://${servers.map((s, i) => `${s.host}:${s.port}:${WEIGHTS[i]}`).join(',')}`);
    if ('error' in spec) throw new Error(spec.error);
    store = storeReader(spec, { maxAgeSeconds: 1440, maxBytes: 64 * 1024 });
  }, 30_000);
  afterAll(async () => {
    await store?.close();
    await Promise.all(servers.map((s) => s.kill()));
  });

  it('PHP spread the sessions over every host, and isauth reads each one', async () => {
    expect(new Set(home).size).toBe(3);
    for (const [i, id] of ids.entries()) expect(Buffer.from((await store.load(id, 1000)) ?? []).toString()).toBe(`n|i:${i};`);
    expect(await store.load(newSessionId(), 1000)).toBeNull();
    await store.verify(1000);
  });

  it("one host stopped: its sessions bypass (as PHP fails them), the others' still answer", async () => {
    await servers[1]!.kill();
    for (const [i, id] of ids.entries()) {
      const got = await store.load(id, 300).then(
        (v) => Buffer.from(v ?? []).toString(),
        (e: unknown) => (e instanceof IsauthError ? e.code : String(e)),
      );
      if (home[i] === 1) expect(['STORE_UNAVAILABLE', 'STORE_TIMEOUT']).toContain(got);
      else expect(got).toBe(`n|i:${i};`);
    }
    await expect(store.verify(300)).rejects.toBeInstanceOf(IsauthError);
  });
});
