/**
 * A real MariaDB for tests: `mariadb-install-db` into a temp dir, then `mariadbd` on a free port
 * (root, no password over TCP), with the general query log in `<dir>/general.log` when asked.
 * `haveMariadb()`: skip loudly locally, fail under CI=true.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';
import { findProgram, havePrograms } from './programs.js';
import { tempDir } from './servers.js';
import { superviseServer, untilOk, type SqlServer } from './sql-servers.js';

export const haveMariadb = (): boolean => havePrograms('mariadb-install-db', 'mariadbd');

export interface Mariadb extends SqlServer {
  /** `mysql://root@127.0.0.1:PORT/DB` */
  url(db: string, query?: string): string;
  /** A fresh client connection (the caller ends it). */
  connect(db?: string): Promise<Connection>;
  /** Run statements as root (multi-statement). */
  sql(text: string, db?: string): Promise<unknown>;
  /** The general query log's text so far (`generalLog: true`). */
  generalLog(): string;
}

export async function startMariadb(o: { generalLog?: boolean } = {}): Promise<Mariadb> {
  const dir = tempDir('mariadb');
  const data = join(dir, 'data');
  execFileSync(findProgram('mariadb-install-db') ?? 'mariadb-install-db', [
    '--no-defaults', `--datadir=${data}`, '--user=root', '--auth-root-authentication-method=normal', '--skip-test-db',
  ], { stdio: 'ignore' });
  const log = join(dir, 'general.log');
  const connect = async (db?: string, port = server.port): Promise<Connection> =>
    createConnection({ host: '127.0.0.1', port, user: 'root', ...(db && { database: db }), multipleStatements: true });
  const server: SqlServer = await superviseServer(
    findProgram('mariadbd') ?? 'mariadbd',
    (port) => [
      '--no-defaults', `--datadir=${data}`, '--user=root', `--port=${port}`, '--bind-address=127.0.0.1',
      `--socket=${join(dir, 'sock')}`, '--skip-log-bin', '--innodb-buffer-pool-size=16M', '--skip-name-resolve',
      ...(o.generalLog ? ['--general-log=1', `--general-log-file=${log}`] : []),
    ],
    dir,
    (port) => untilOk(async () => (await connect(undefined, port)).end()),
  );
  return {
    ...server,
    url: (db, query) => `mysql://root@127.0.0.1:${server.port}/${db}${query ? `?${query}` : ''}`,
    connect: (db) => connect(db),
    async sql(text, db) {
      const c = await connect(db);
      try {
        return (await c.query(text))[0];
      } finally {
        await c.end();
      }
    },
    generalLog: () => readFileSync(log, 'utf8'),
  };
}
