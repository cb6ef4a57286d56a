/**
 * The SessionFormat contract for `columnFormat`: a decision column (Laravel's `sessions.user_id`,
 * BIGINT NULL) written by MariaDB and read through the SQL store, for random ids and NULL: an
 * integer of up to 15 digits becomes an int, a longer one stays its text, NULL is null.
 */
import fc from 'fast-check';
import { describe } from 'vitest';
import { columnFormat } from '../../../src/session-format/column.js';
import { createBareStore } from '../../../src/stores/factory.js';
import { parseStoreUrl } from '../../../src/stores/url.js';
import { runSessionFormatContract } from '../../contracts/session-format.js';
import { haveMariadb, startMariadb } from '../../harness/mariadb.js';

const SEED = Number(process.env.ISAUTH_FUZZ_SEED ?? 20261206);

describe.runIf(haveMariadb())('decision column', () => {
  runSessionFormatContract('columnFormat', async () => {
    const db = await startMariadb();
    try {
      await db.sql('CREATE DATABASE app');
      await db.sql('CREATE TABLE sessions (id VARCHAR(255) PRIMARY KEY, user_id BIGINT NULL, payload LONGTEXT NOT NULL, last_activity INTEGER NOT NULL)', 'app');
      const ids = [null, 0n, 1n, -1n, 10n ** 15n - 1n, 10n ** 15n, 2n ** 63n - 1n, -(2n ** 63n), ...fc.sample(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { numRuns: 40, seed: SEED })];
      const now = Math.floor(Date.now() / 1000);
      await db.sql(ids.map((u, i) => `INSERT INTO sessions VALUES ('s${i}', ${u === null ? 'NULL' : u}, '', ${now});`).join('\n'), 'app');
      const spec = parseStoreUrl(`mysql://root@127.0.0.1:${db.port}/app?schema=laravel`);
      if ('error' in spec || spec.kind !== 'sql') throw new Error('bad spec');
      const store = createBareStore({ ...spec, columns: { ...spec.columns, data: 'user_id' } }, { maxAgeSeconds: 7200, maxBytes: 65536 });
      const written = [];
      for (const [i, u] of ids.entries()) {
        const v = await store.load(`s${i}`, `s${i}`, 2000);
        const value = u === null ? null : u.toString().replace('-', '').length <= 15 ? Number(u) : u.toString();
        written.push({ bytes: v!.bytes, ref: `s${i}`, session: new Map([['user_id', value]]) });
      }
      await store.close();
      return { format: columnFormat('user_id'), written };
    } finally {
      await db.stop();
    }
  });
});
