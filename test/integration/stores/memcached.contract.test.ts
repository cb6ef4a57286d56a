/**
 * The SessionStore contract for `memcached`, each placement with its real writer: php-memcached's
 * handler with ketama (one server, also read through a size-limiting proxy), modulo,
 * ketama_weighted and replicas over three servers; pecl memcache's handler (`client=memcache`);
 * one server inside the circuit breaker, as the service runs it.
 * Several servers are stopped or hung together.
 */
import { describe } from 'vitest';
import { withBreaker } from '../../../src/stores/breaker.js';
import { createBareStore } from '../../../src/stores/factory.js';
import { parseStoreUrl } from '../../../src/stores/url.js';
import type { StoreSpec } from '../../../src/stores/types.js';
import { allServers } from '../../contracts/servers.js';
import { STORE_OPTS, runStoreContract, type Located, type StoreEnv } from '../../contracts/session-store.js';
import { mcSet } from '../../harness/memcached-text.js';
import { phpWriteRawSessions } from '../../harness/php-raw-session.js';
import type { PhpSessionTarget } from '../../harness/php-session.js';
import { havePhpExtensions, havePrograms } from '../../harness/programs.js';
import { startMemcached } from '../../harness/servers.js';
import { startTcpProxy } from '../../harness/tcp-proxy.js';

function spec(url: string): StoreSpec {
  const s = parseStoreUrl(url);
  if ('error' in s) throw new Error(s.error);
  return s;
}

/** `n` servers; `url(hosts)` and `php(hosts)` say how the store and PHP are configured. */
async function memcachedEnv(
  n: number,
  url: (hosts: string[]) => string,
  php: (hosts: string[]) => PhpSessionTarget,
  prefix: string,
  proxied = false,
): Promise<StoreEnv> {
  const servers = await Promise.all(Array.from({ length: n }, () => startMemcached()));
  const hosts = servers.map((s, i) => `${s.host}:${s.port}${url(['x']).includes('ketama_weighted') ? `:${i + 1}` : ''}`);
  const locate = (id: string): Located => ({ key: prefix + id, placeBy: id });
  const proxy = proxied ? await startTcpProxy(servers[0]!.port) : undefined;
  return {
    store: createBareStore(spec(url(hosts)), STORE_OPTS),
    locate,
    write: async (sessions) => phpWriteRawSessions(php(hosts), sessions),
    async plant(key, bytes) {
      if (!/^[\x21-\x7e]{1,250}$/.test(key)) return false; // memcached cannot hold it
      await Promise.all(servers.map((s) => mcSet(s.port, key, bytes)));
      return true;
    },
    hostile: (k) => [`${k.key} ${k.key}`, `${k.key} x`, `x ${k.key}`, ` ${k.key}`, `${k.key} `].map((key) => ({ key, placeBy: k.placeBy })),
    server: allServers(servers),
    ...(proxy && { proxied: { store: createBareStore(spec(`memcached://127.0.0.1:${proxy.port}`), STORE_OPTS), proxy } }),
    cleanup: async () => void (await Promise.all(servers.map((s) => s.kill()))),
  };
}

const PHP_MEMCACHED = 'memc.sess.key.';
const phpMemcached = (ini: Record<string, string> = {}) => (hosts: string[]): PhpSessionTarget => ({ handler: 'memcached', savePath: hosts.join(','), ini });

describe.runIf(havePrograms('memcached') && havePhpExtensions('memcached'))('memcached (php-memcached)', () => {
  runStoreContract('memcached ketama', () => memcachedEnv(1, (h) => `memcached://${h.join(',')}`, phpMemcached(), PHP_MEMCACHED, true));
  runStoreContract('memcached ketama (circuit breaker)', async () => {
    const env = await memcachedEnv(1, (h) => `memcached://${h.join(',')}`, phpMemcached(), PHP_MEMCACHED);
    return { ...env, store: withBreaker(env.store) };
  });
  runStoreContract('memcached modulo', () =>
    memcachedEnv(3, (h) => `memcached://${h.join(',')}?hash=modulo`, phpMemcached({ 'memcached.sess_consistent_hash': '0' }), PHP_MEMCACHED),
  );
  runStoreContract('memcached ketama_weighted', () =>
    memcachedEnv(
      3,
      (h) => `memcached://${h.join(',')}?hash=ketama_weighted`,
      phpMemcached({ 'memcached.sess_consistent_hash_type': 'ketama_weighted' }),
      PHP_MEMCACHED,
    ),
  );
  runStoreContract('memcached replicas', () =>
    memcachedEnv(
      3,
      (h) => `memcached://${h.join(',')}?replicas=1`,
      phpMemcached({ 'memcached.sess_binary_protocol': '1', 'memcached.sess_number_of_replicas': '1' }),
      PHP_MEMCACHED,
    ),
  );
});

describe.runIf(havePrograms('memcached') && havePhpExtensions('memcache'))('memcached (pecl memcache)', () => {
  runStoreContract('memcached pecl', () =>
    memcachedEnv(
      3,
      (h) => `memcached://${h.join(',')}?client=memcache&redundancy=1`,
      (h) => ({ handler: 'memcache', savePath: h.map((x) => `tcp://${x}`).join(', '), ini: {
        'memcache.session_redundancy': '1',
        // Values as they are: decompression is the value codec's (test/contracts/value-codec.ts).
        'memcache.compress_threshold': '1000000000',
      } }),
      '',
    ),
  );
});
