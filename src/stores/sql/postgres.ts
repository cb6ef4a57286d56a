/**
 * PostgreSQL pools (pg): named prepared statements (extended protocol: the values are sent apart
 * from the text; each connection parses and plans a statement once, then only binds and runs
 * it). bytea arrives as bytes; every other type as its text form.
 */
import pg from 'pg';
import type { StoreOptions } from '../types.js';
import { readCaFile } from '../tls.js';
import type { SqlStoreSpec } from './spec.js';
import { abortion, type SqlPool } from './pool.js';
import { createSqlStore, type SqlStore } from './store.js';

const CONNECT_TIMEOUT_MS = 1000;
const BYTEA_OID = 17;
const parseBytea = pg.types.getTypeParser(BYTEA_OID);
const TYPES = { getTypeParser: (oid: number) => (oid === BYTEA_OID ? parseBytea : (s: string) => s) };

function postgresPool(spec: SqlStoreSpec, at: SqlStoreSpec['primary']): SqlPool {
  const ca = spec.sslCa !== undefined ? readCaFile(spec.sslCa, 'postgres') : undefined;
  const pool = new pg.Pool({
    // libpq's convention: a socket is given as its directory in `host`.
    host: at.socket ?? at.host,
    port: at.port,
    database: at.database ?? spec.database,
    ...(spec.user !== undefined && { user: spec.user }),
    ...(spec.password !== undefined && { password: spec.password }),
    ...(spec.ssl !== 'off' && { ssl: { rejectUnauthorized: spec.ssl === 'verify', ...(ca !== undefined && { ca }) } }),
    max: spec.pool,
    idleTimeoutMillis: 60_000,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    application_name: 'isauth',
  });
  // An idle client that breaks emits 'error' on the pool (unhandled, it would end the process).
  pool.on('error', () => undefined);

  return {
    async rows(sql, params, signal, name) {
      const client = await pool.connect();
      if (signal.aborted) {
        client.release();
        return [];
      }
      let destroyed = false;
      const destroy = () => {
        if (destroyed) return;
        destroyed = true;
        client.release(true); // removed from the pool and closed
      };
      // At the deadline: destroyed, and this call ends at once (see mysql.ts).
      const { promise: deadline, kill } = abortion(signal, destroy);
      try {
        const res = await Promise.race([client.query({ text: sql, values: [...params], rowMode: 'array', types: TYPES, ...(name !== undefined && { name }) }), deadline]);
        return res.rows as unknown[][];
      } catch (err) {
        destroy();
        throw err;
      } finally {
        kill();
        if (!destroyed) client.release();
      }
    },
    close: () => pool.end(),
  };
}

export function createPostgresStore(spec: SqlStoreSpec, opts: StoreOptions): SqlStore {
  return createSqlStore(spec, opts, postgresPool);
}
