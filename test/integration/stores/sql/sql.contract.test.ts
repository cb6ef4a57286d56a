/**
 * The SessionStore contract for `mysql` (MariaDB) and `postgres`, written by Symfony's
 * PdoSessionHandler as PHP's save handler (a binary column: MEDIUMBLOB, as Symfony advises past
 * 64 KiB, and BYTEA). Each store is also read through a size-limiting proxy: the row of an
 * oversized session must be refused without being downloaded. Symfony deletes an empty session
 * instead of writing it (AbstractSessionHandler::write), so there is no empty row to read.
 */
import { createConnection } from 'mysql2/promise';
import pg from 'pg';
import { describe } from 'vitest';
import { createBareStore } from '../../../../src/stores/factory.js';
import { parseStoreUrl } from '../../../../src/stores/url.js';
import type { SessionStore } from '../../../../src/stores/types.js';
import { STORE_OPTS, runStoreContract, type StoreEnv } from '../../../contracts/session-store.js';
import { haveMariadb, startMariadb } from '../../../harness/mariadb.js';
import { havePhpExtensions } from '../../../harness/php.js';
import { havePostgres, startPostgres } from '../../../harness/postgres.js';
import type { SqlServer } from '../../../harness/sql-servers.js';
import { phpWriteSqlSession } from '../../../harness/sql-writers.js';
import { startTcpProxy } from '../../../harness/tcp-proxy.js';

const DB = 'contract';
const NO_EMPTY = { empty: false };
const INSERT = 'INSERT INTO sessions (sess_id, sess_data, sess_lifetime, sess_time) VALUES';

function store(url: string): SessionStore {
  const spec = parseStoreUrl(url);
  if ('error' in spec) throw new Error(spec.error);
  return createBareStore(spec, STORE_OPTS);
}

interface Sql {
  server: SqlServer;
  url(port: number): string;
  dsn: { dsn: string; user: string };
  /** Run one parameterised statement in the contract database. */
  run(text: string, params: Array<string | number | Buffer>): Promise<void>;
  insert: string;
}

async function sqlEnv(db: Sql): Promise<StoreEnv> {
  const proxy = await startTcpProxy(db.server.port);
  const now = Math.floor(Date.now() / 1000);
  return {
    store: store(db.url(db.server.port)),
    locate: (id) => ({ key: id, placeBy: id }),
    async write(sessions) {
      for (const [id, raw] of sessions) phpWriteSqlSession({ mode: 'symfony_handler', ...db.dsn, id, code: '', raw });
    },
    plant: (key, bytes) => db.run(db.insert, [key, Buffer.from(bytes), now + 3600, now]).then(() => true, () => false),
    hostile: (k) =>
      [`${k.key}'`, `${k.key}' OR '1'='1`, `' OR ''='`, `${k.key}%`, '%', `${k.key};`, `${k.key}"`, `${k.key} `, `${k.key}\\`].map(
        (key) => ({ key, placeBy: key }),
      ),
    server: db.server,
    proxied: { store: store(db.url(proxy.port)), proxy },
    cleanup: () => db.server.stop(),
  };
}

describe.runIf(haveMariadb() && havePhpExtensions('pdo_mysql'))('MariaDB', () => {
  runStoreContract('mysql', async () => {
    const m = await startMariadb();
    await m.sql(`CREATE DATABASE ${DB}`);
    await m.sql(
      'CREATE TABLE sessions (sess_id VARBINARY(128) NOT NULL PRIMARY KEY, sess_data MEDIUMBLOB NOT NULL, sess_lifetime INTEGER UNSIGNED NOT NULL, sess_time INTEGER UNSIGNED NOT NULL) COLLATE utf8mb4_bin, ENGINE = InnoDB',
      DB,
    );
    return sqlEnv({
      server: m,
      url: (port) => `mysql://root@127.0.0.1:${port}/${DB}?schema=symfony`,
      dsn: { dsn: `mysql:host=127.0.0.1;port=${m.port};dbname=${DB}`, user: 'root' },
      async run(text, params) {
        const c = await createConnection({ host: '127.0.0.1', port: m.port, user: 'root', database: DB });
        try {
          await c.execute(text, params);
        } finally {
          await c.end();
        }
      },
      insert: `${INSERT} (?, ?, ?, ?)`,
    });
  }, NO_EMPTY);
});

describe.runIf(havePostgres() && havePhpExtensions('pdo_pgsql'))('PostgreSQL', () => {
  runStoreContract('postgres', async () => {
    const p = await startPostgres();
    await p.createDatabase(DB);
    await p.sql('CREATE TABLE sessions (sess_id VARCHAR(128) NOT NULL PRIMARY KEY, sess_data BYTEA NOT NULL, sess_lifetime INTEGER NOT NULL, sess_time INTEGER NOT NULL)', DB);
    return sqlEnv({
      server: p,
      url: (port) => `postgres://postgres@127.0.0.1:${port}/${DB}?schema=symfony`,
      dsn: { dsn: `pgsql:host=127.0.0.1;port=${p.port};dbname=${DB}`, user: 'postgres' },
      async run(text, params) {
        const c = new pg.Client({ host: '127.0.0.1', port: p.port, user: 'postgres', database: DB });
        await c.connect();
        try {
          await c.query(text, params);
        } finally {
          await c.end();
        }
      },
      insert: `${INSERT} ($1, $2, $3, $4)`,
    });
  }, NO_EMPTY);
});
