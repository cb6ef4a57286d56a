/**
 * The SessionStore contract for `redis`, written by phpredis' session handler: one server (also
 * read through a size-limiting proxy), another db, and a phpredis pool of three hosts (weights
 * 1, 2, 1; spread as phpredis spreads them, src/stores/placement/phpredis-pool.ts); and one
 * server inside the circuit breaker, as the service runs it.
 */
import { Redis } from 'ioredis';
import { describe } from 'vitest';
import { withBreaker } from '../../../src/stores/breaker.js';
import { createBareStore } from '../../../src/stores/factory.js';
import { parseStoreUrl } from '../../../src/stores/url.js';
import type { StoreSpec } from '../../../src/stores/types.js';
import { allServers } from '../../contracts/servers.js';
import { STORE_OPTS, runStoreContract, type StoreEnv } from '../../contracts/session-store.js';
import { phpWriteRawSessions } from '../../harness/php-raw-session.js';
import { havePhpExtensions, havePrograms } from '../../harness/programs.js';
import { startRedis } from '../../harness/servers.js';
import { startTcpProxy } from '../../harness/tcp-proxy.js';

const PREFIX = 'PHPREDIS_SESSION:';

function spec(url: string): StoreSpec {
  const s = parseStoreUrl(url);
  if ('error' in s) throw new Error(s.error);
  return s;
}

async function redisEnv(weights: number[], db: number, proxied = false): Promise<StoreEnv> {
  const servers = await Promise.all(weights.map(() => startRedis()));
  const direct = servers.map((s) => {
    const r = new Redis({ host: s.host, port: s.port, db, lazyConnect: true });
    r.on('error', () => undefined); // the servers are stopped on purpose
    return r;
  });
  const hosts = servers.map((s, i) => `${s.host}:${s.port}${weights.length > 1 ? `:${weights[i]}` : ''}`);
  const savePath = servers.map((s, i) => `tcp://${s.host}:${s.port}?database=${db}&weight=${weights[i]}`).join(', ');
  const proxy = proxied ? await startTcpProxy(servers[0]!.port) : undefined;
  return {
    store: createBareStore(spec(`redis://${hosts.join(',')}/${db}`), STORE_OPTS),
    locate: (id) => ({ key: PREFIX + id, placeBy: id }),
    write: async (sessions) => phpWriteRawSessions({ handler: 'redis', savePath }, sessions),
    async plant(key, bytes) {
      // Redis keys are binary-safe: every hostile key can be planted (on every host).
      await Promise.all(direct.map((r) => r.set(Buffer.from(key), Buffer.from(bytes))));
      return true;
    },
    server: allServers(servers),
    ...(proxy && { proxied: { store: createBareStore(spec(`redis://127.0.0.1:${proxy.port}/${db}`), STORE_OPTS), proxy } }),
    cleanup: async () => {
      direct.forEach((r) => r.disconnect());
      await Promise.all(servers.map((s) => s.kill()));
    },
  };
}

describe.runIf(havePrograms('redis-server') && havePhpExtensions('redis'))('redis (phpredis)', () => {
  runStoreContract('redis', () => redisEnv([1], 0, true));
  runStoreContract('redis (db 3)', () => redisEnv([1], 3));
  runStoreContract('redis pool', () => redisEnv([1, 2, 1], 0));
  // What the service runs: the store inside the circuit breaker (src/stores/breaker.ts).
  runStoreContract('redis (circuit breaker)', async () => {
    const env = await redisEnv([1], 0);
    return { ...env, store: withBreaker(env.store) };
  });
});
