/** SQL session stores (MySQL/MariaDB, PostgreSQL): see docs/sql.md. */
import type { StoreOptions } from '../types.js';
import { createMysqlStore } from './mysql.js';
import { createPostgresStore } from './postgres.js';
import type { SqlStoreSpec } from './spec.js';
import type { SqlStore } from './store.js';

export { parseSqlUrl, SQL_SCHEMES } from './url.js';
export type { SqlStoreSpec } from './spec.js';

/** How long startup waits for the server to tell the column types (then the first read asks). */
export const PREPARE_MS = 3000;

export function createSqlStore(spec: SqlStoreSpec, opts: StoreOptions): SqlStore {
  return spec.dialect === 'mysql' ? createMysqlStore(spec, opts) : createPostgresStore(spec, opts);
}

/**
 * The store, after asking the server for the table's column types (src/stores/sql/columns.ts):
 * rejects with STORE_SCHEMA — isauth does not start — when the table cannot be read as configured
 * (the message names the column and its type). A server not reachable yet is no reason to stop:
 * the first read asks then.
 */
export async function openSqlStore(spec: SqlStoreSpec, opts: StoreOptions): Promise<SqlStore> {
  const store = createSqlStore(spec, opts);
  try {
    await store.prepare(PREPARE_MS);
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}
