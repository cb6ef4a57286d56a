/**
 * What the SQL store asks of a driver's pool (mysql.ts, postgres.ts), and what both share: the
 * deadline's effect on a connection, and the mapping of driver errors to the store's codes.
 */
import { IsauthError } from '../../errors.js';
import type { DeadlineSignal } from '../deadline.js';
import type { SqlStoreSpec } from './spec.js';

export type SqlParam = string | number | null;

/** One pool of one driver. */
export interface SqlPool {
  /**
   * Run `sql` with `params`: its rows, each an array of columns. A prepared statement: mysql2
   * prepares what it executes and keeps it per connection; PostgreSQL keeps it per connection
   * under `name` (parsed and planned once, then only bound and run). When `signal` fires (the
   * deadline) the connection in use is destroyed, not reused.
   */
  rows(sql: string, params: readonly SqlParam[], signal: DeadlineSignal, name?: string): Promise<unknown[][]>;
  close(): Promise<void>;
}

export type PoolFactory = (spec: SqlStoreSpec, endpoint: SqlStoreSpec['primary']) => SqlPool;

/**
 * A promise that rejects when `signal` fires, after `onAbort` ran (destroying the connection in
 * use); `kill()` removes the listener once the query settled. Never rejects unobserved.
 */
export function abortion(signal: DeadlineSignal, onAbort: () => void): { promise: Promise<never>; kill(): void } {
  let fire: () => void = () => undefined;
  const promise = new Promise<never>((_, reject) => {
    fire = () => {
      onAbort();
      reject(new IsauthError('STORE_TIMEOUT', 'sql: connection destroyed at the deadline'));
    };
  });
  promise.catch(() => undefined);
  return { promise, kill: signal.onAbort(fire) };
}

/** Driver errors → the store's codes. Never includes the URL or the password. */
export function sqlError(kind: string, err: unknown): IsauthError {
  if (err instanceof IsauthError) return err;
  const e = err as { code?: string; message?: string };
  const msg = `${kind}: ${e.code ?? ''} ${e.message ?? String(err)}`.trim();
  // SQL errors (no such table/column, permission) are answers; network errors mean unreachable.
  const answered = typeof e.code === 'string' && (/^(ER_|[0-9A-Z]{5}$)/.test(e.code) && !/^(ER_CON|ER_ACCESS|ECONN|ETIMEDOUT|08)/.test(e.code));
  return new IsauthError(answered ? 'STORE_PROTOCOL' : 'STORE_UNAVAILABLE', msg, { cause: err });
}
