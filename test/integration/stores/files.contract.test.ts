/**
 * The SessionStore contract for `files` (PHP's files handler writes; depth 0 and `2;` levels;
 * each with the synchronous and the thread-pool reader).
 * "Down" is the session directory gone (renamed away); a directory cannot hang. The oversized
 * session is a sparse file of 3 GiB: a store that read it to measure it could not answer in time.
 */
import { mkdirSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe } from 'vitest';
import { createFilesStore } from '../../../src/stores/files.js';
import type { FilesIo } from '../../../src/stores/files-mode.js';
import { phpWriteRawSessions } from '../../harness/php-raw-session.js';
import { havePhpExtensions } from '../../harness/programs.js';
import { tempDir } from '../../harness/servers.js';
import { STORE_OPTS, runStoreContract, type Located, type StoreEnv } from '../../contracts/session-store.js';

function filesEnv(depth: number, io: FilesIo): StoreEnv {
  const dir = tempDir('files-contract');
  const levels = (id: string) => join(dir, ...id.slice(0, depth).split(''));
  const locate = (id: string): Located => ({ key: `sess_${id}`, placeBy: id });
  const savePath = depth === 0 ? dir : `${depth};${dir}`;
  return {
    store: createFilesStore({ kind: 'files', dir, depth }, STORE_OPTS, io),
    locate,
    async write(sessions) {
      for (const [id] of sessions) mkdirSync(levels(id), { recursive: true });
      phpWriteRawSessions({ handler: 'files', savePath }, sessions);
    },
    async writeHuge(id) {
      await this.write([[id, Buffer.from('k|i:1;')]]);
      truncateSync(join(levels(id), locate(id).key), 3 * 1024 ** 3);
    },
    async plant(key, bytes) {
      // Only names that stay inside the directory (never overwrite what '../x' would reach).
      if (key === '' || key === '.' || key === '..' || key.includes('/') || key.includes('\0')) return false;
      try {
        writeFileSync(join(dir, key), bytes);
        return true;
      } catch {
        return false;
      }
    },
    hostile: (k) => [
      ...[`./${k.key}`, `../${basename(dir)}/${k.key}`, `${k.key}/`, `${k.key}/.`, `.${k.key}`, '.', '..', join(levels(k.placeBy), k.key)].map(
        (key) => ({ key, placeBy: k.placeBy }),
      ),
      // Levels from placeBy: `..` or `/` would leave the directory (planted: `<dir>/<key>`).
      ...(depth > 0 ? ['..', './', '/', '/.', `.${k.placeBy}`].map((p) => ({ key: k.key, placeBy: p + k.placeBy })) : []),
    ],
    server: {
      stop: async () => renameSync(dir, `${dir}.away`),
      start: async () => renameSync(`${dir}.away`, dir),
    },
    cleanup: async () => undefined,
  };
}

// Both readers: synchronous syscalls (a local directory) and the thread pool (NFS…), src/stores/files-mode.ts.
describe.runIf(havePhpExtensions('session'))('files', () => {
  runStoreContract('files (sync reads)', async () => filesEnv(0, 'sync'), { hung: false });
  runStoreContract('files (async reads)', async () => filesEnv(0, 'async'), { hung: false });
  runStoreContract('files (2 levels, sync reads)', async () => filesEnv(2, 'sync'), { hung: false });
  runStoreContract('files (2 levels, async reads)', async () => filesEnv(2, 'async'), { hung: false });
});
