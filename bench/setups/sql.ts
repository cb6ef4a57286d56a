/**
 * The SQL stores of the bench (`isauth-mariadb`, `isauth-postgres`): a real server from the test
 * harness, a `bench` database with the classic PDO handler's table (test/harness/sql-writers.ts,
 * `plain`), and isauth reading it with `schema=plain` — one prepared SELECT per request.
 */
import { startMariadb } from '../../test/harness/mariadb.js';
import { startPostgres } from '../../test/harness/postgres.js';
import { schemaDdl } from '../../test/harness/sql-writers.js';
import type { BenchStore } from './types.js';

export async function startSqlStore(kind: 'mariadb' | 'postgres'): Promise<BenchStore> {
  if (kind === 'mariadb') {
    const db = await startMariadb();
    try {
      // One commit per written session: no fsync for each (the bench's data is throwaway).
      await db.sql(`SET GLOBAL innodb_flush_log_at_trx_commit = 2; CREATE DATABASE bench; USE bench; ${schemaDdl('mysql').plain}`);
      return {
        url: db.url('bench'),
        php: { handler: 'pdo', dsn: `mysql:host=127.0.0.1;port=${db.port};dbname=bench`, user: 'root' },
        ports: [db.port],
        stop: () => db.stop(),
      };
    } catch (err) {
      await db.stop();
      throw err;
    }
  }
  const db = await startPostgres();
  try {
    await db.createDatabase('bench');
    await db.sql(schemaDdl('postgres').plain, 'bench');
    return {
      url: db.url('bench'),
      php: { handler: 'pdo', dsn: `pgsql:host=127.0.0.1;port=${db.port};dbname=bench`, user: 'postgres' },
      ports: [db.port],
      stop: () => db.stop(),
    };
  } catch (err) {
    await db.stop();
    throw err;
  }
}
