import { describe } from 'vitest';
import { havePhpExtensions } from '../../../harness/php.js';
import { havePostgres, startPostgres } from '../../../harness/postgres.js';
import { runSqlSuite } from './suite.js';

describe.runIf(havePostgres() && havePhpExtensions('pdo_pgsql'))('PostgreSQL', () => {
  runSqlSuite('PostgreSQL', 'pdo_pgsql', async () => {
    const p = await startPostgres({ logStatements: true });
    return {
      ...p,
      dialect: 'postgres',
      exec: async (db, text) => void (await p.sql(text, db)),
      dsn: (db) => ({ dsn: `pgsql:host=127.0.0.1;port=${p.port};dbname=${db}`, user: 'postgres' }),
      laravel: (db) => ({ driver: 'pgsql', host: '127.0.0.1', port: p.port, database: db, username: 'postgres' }),
      django: (db) => ({ ENGINE: 'django.db.backends.postgresql', NAME: db, HOST: '127.0.0.1', PORT: p.port, USER: 'postgres' }),
      statementLog: () => p.log(),
    };
  });
});
