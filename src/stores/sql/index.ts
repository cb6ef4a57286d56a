/** SQL session stores (MySQL/MariaDB, PostgreSQL): see docs/sql.md. */
import type { SessionStore, StoreOptions } from '../types.js';
import { createMysqlStore } from './mysql.js';
import { createPostgresStore } from './postgres.js';
import type { SqlStoreSpec } from './spec.js';

export { parseSqlUrl, SQL_SCHEMES } from './url.js';
export type { SqlStoreSpec } from './spec.js';

export function createSqlStore(spec: SqlStoreSpec, opts: StoreOptions): SessionStore {
  return spec.dialect === 'mysql' ? createMysqlStore(spec, opts) : createPostgresStore(spec, opts);
}
