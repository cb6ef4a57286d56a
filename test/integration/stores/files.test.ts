import { mkdirSync, writeFileSync } from 'node:fs';
import { describe } from 'vitest';
import { storeReader } from '../../harness/store-reader.js';
import { havePhpExtensions } from '../../harness/programs.js';
import { tempDir } from '../../harness/servers.js';
import { CONTRACT_MAX_BYTES, runStoreContract } from './contract.js';

describe.runIf(havePhpExtensions('session'))('files', () => {
  runStoreContract('files', async () => {
    const dir = tempDir('files-contract');
    return {
      store: storeReader({ kind: 'files', dir, depth: 0 }, { maxAgeSeconds: 1440, maxBytes: CONTRACT_MAX_BYTES }),
      php: { handler: 'files', savePath: dir },
      plant: async (id, bytes) => {
        // Also where a store that joined paths naively would look for '../x'-style ids.
        mkdirSync(`${dir}/sess_a`, { recursive: true });
        writeFileSync(`${dir}/sess_${id}`, bytes);
      },
      cleanup: async () => undefined,
    };
  }, { hasServer: false });
});
