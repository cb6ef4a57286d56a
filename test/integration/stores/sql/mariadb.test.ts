import { describe } from 'vitest';
import { haveMariadb, startMariadb } from '../../../harness/mariadb.js';
import { havePhpExtensions } from '../../../harness/php.js';
import { runSqlSuite } from './suite.js';

describe.runIf(haveMariadb() && havePhpExtensions('pdo_mysql'))('MariaDB', () => {
  runSqlSuite('MariaDB', 'pdo_mysql', async () => {
    const m = await startMariadb({ generalLog: true });
    return {
      ...m,
      dialect: 'mysql',
      exec: async (db, text) => void (await m.sql(text, db)),
      createDatabase: async (name) => void (await m.sql(`CREATE DATABASE \`${name}\``)),
      dsn: (db) => ({ dsn: `mysql:host=127.0.0.1;port=${m.port};dbname=${db}`, user: 'root' }),
      laravel: (db) => ({ driver: 'mysql', host: '127.0.0.1', port: m.port, database: db, username: 'root' }),
      django: (db) => ({ ENGINE: 'django.db.backends.mysql', NAME: db, HOST: '127.0.0.1', PORT: m.port, USER: 'root' }),
      statementLog: () => m.generalLog(),
    };
  });
});
