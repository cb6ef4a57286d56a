/**
 * MySQL / MariaDB pools (mysql2): server-side prepared statements (`execute`), so values travel
 * apart from the statement text. utf8mb4; big integers as strings; rows as arrays.
 */
import { createPool, type PoolConnection } from 'mysql2/promise';
import type { StoreOptions } from '../types.js';
import { readCaFile } from '../tls.js';
import type { SqlStoreSpec } from './spec.js';
import { abortion, type SqlPool } from './pool.js';
import { createSqlStore, type SqlStore } from './store.js';

const CONNECT_TIMEOUT_MS = 1000;
const QUEUE_LIMIT = 256;

function mysqlPool(spec: SqlStoreSpec, at: SqlStoreSpec['primary']): SqlPool {
  const ca = spec.sslCa !== undefined ? readCaFile(spec.sslCa, 'mysql') : undefined;
  const pool = createPool({
    ...(at.socket !== undefined ? { socketPath: at.socket } : { host: at.host, port: at.port }),
    database: at.database ?? spec.database,
    ...(spec.user !== undefined && { user: spec.user }),
    ...(spec.password !== undefined && { password: spec.password }),
    ...(spec.ssl !== 'off' && { ssl: { rejectUnauthorized: spec.ssl === 'verify', ...(ca !== undefined && { ca }) } }),
    charset: 'utf8mb4',
    connectionLimit: spec.pool,
    maxIdle: spec.pool,
    idleTimeout: 60_000,
    queueLimit: QUEUE_LIMIT,
    connectTimeout: CONNECT_TIMEOUT_MS,
    enableKeepAlive: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
    multipleStatements: false,
  });
  // An idle connection that breaks emits 'error'; the next checkout replaces it.
  pool.pool.on('connection', (c) => c.on('error', () => undefined));

  return {
    async rows(sql, params, signal) {
      const conn: PoolConnection = await pool.getConnection();
      if (signal.aborted) {
        conn.release(); // handed out after the deadline: nobody waits for it
        return [];
      }
      // At the deadline the connection is destroyed (a hung server keeps it) and this call ends
      // at once: a destroyed connection's command may never call back, and the store counts
      // this call as held work until it settles.
      const { promise: deadline, kill } = abortion(signal, () => conn.destroy());
      try {
        const [rows] = await Promise.race([conn.execute({ sql, rowsAsArray: true }, [...params]), deadline]);
        conn.release();
        return rows as unknown[][];
      } catch (err) {
        conn.destroy();
        throw err;
      } finally {
        kill();
      }
    },
    close: () => pool.end(),
  };
}

export function createMysqlStore(spec: SqlStoreSpec, opts: StoreOptions): SqlStore {
  return createSqlStore(spec, opts, mysqlPool);
}
