import { mkdirSync, writeFileSync } from 'node:fs';
import { describe } from 'vitest';
import { createFilesStore } from '../../../src/stores/files.js';
import { storeReader } from '../../harness/store-reader.js';
import { havePhpExtensions } from '../../harness/programs.js';
import { tempDir } from '../../harness/servers.js';
import { CONTRACT_MAX_BYTES, runStoreContract } from './contract.js';

// Both readers: synchronous syscalls (what a local directory gets) and the thread pool (NFS…).
describe.runIf(havePhpExtensions('session')).each(['sync', 'async'] as const)('files (%s reads)', (io) => {
  runStoreContract('files', async () => {
    const dir = tempDir('files-contract');
    const spec = { kind: 'files', dir, depth: 0 } as const;
    const opts = { maxAgeSeconds: 1440, maxBytes: CONTRACT_MAX_BYTES };
    return {
      store: storeReader(spec, opts, createFilesStore(spec, opts, io)),
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
