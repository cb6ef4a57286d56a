import { describe } from 'vitest';
import { createStore } from '../../../src/stores/factory.js';
import { parseStoreUrl } from '../../../src/stores/url.js';
import type { StoreSpec } from '../../../src/stores/types.js';
import { havePhpExtensions, havePrograms } from '../../harness/programs.js';
import { startMemcached } from '../../harness/servers.js';
import { memcachedSet } from './memcached-direct.js';
import { CONTRACT_MAX_BYTES, runStoreContract } from './contract.js';

function spec(url: string): StoreSpec {
  const s = parseStoreUrl(url);
  if ('error' in s) throw new Error(s.error);
  return s;
}

describe.runIf(havePrograms('memcached') && havePhpExtensions('memcached'))('memcached', () => {
  for (const [label, query, ini, prefix] of [
    ['default prefix', '', {}, 'memc.sess.key.'],
    ['custom prefix', '?prefix=app1.', { 'memcached.sess_prefix': 'app1.' }, 'app1.'],
    ['empty prefix', '?prefix=', { 'memcached.sess_prefix': '' }, ''],
  ] as const) {
    runStoreContract(`memcached (${label})`, async () => {
      const server = await startMemcached();
      return {
        store: createStore(spec(server.url + query), { maxAgeSeconds: 1440, maxBytes: CONTRACT_MAX_BYTES }),
        php: { handler: 'memcached', savePath: `${server.host}:${server.port}`, ini: { ...ini } },
        plant: (id, bytes) => memcachedSet(server.port, prefix + id, bytes),
        stopServer: () => server.kill(),
        startServer: () => server.restart(),
        pauseServer: () => server.pause(),
        resumeServer: () => server.resume(),
        cleanup: () => server.stop(),
      };
    });
  }
});
