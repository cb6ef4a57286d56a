/**
 * The SQL store, the same for both drivers: one parameterised SELECT per load (schema.ts), run
 * through a small pool (mysql.ts, postgres.ts) under the store stage's deadline.
 *
 * - A hung server costs one timeout, not the pool: at the deadline the driver DESTROYS the
 *   connection that waits for the answer (it is never returned to the pool), and a connection
 *   handed out after its request's deadline goes straight back.
 * - Memory stays bounded while the server hangs under full load: at most MAX_HELD reads are held
 *   (waiting for a pooled connection — which outlives its caller's deadline in both drivers'
 *   queues — or for an answer); beyond, a read fails at once (STORE_UNAVAILABLE → `bypass`).
 * - Reads (and /readyz) go to the replica when `?replica=` is given.
 * - An absent or expired row → `null`; a NULL column → empty bytes.
 * - A row larger than --max-session-bytes → STORE_TOO_LARGE without downloading it: the SELECT
 *   returns NULL for it (schema.ts buildSelect), and a second one asks only its size.
 */
import { IsauthError } from '../../errors.js';
import { heldWork, type DeadlineSignal } from '../deadline.js';
import type { SessionStore, StoreOptions } from '../types.js';
import { buildSelect, cellBytes, isSafeSqlKey } from './schema.js';
import { wordpressSelect } from './wordpress.js';
import type { SqlStoreSpec } from './spec.js';

/** Reads held at once (waiting for a connection or an answer); beyond, fail fast. */
export const MAX_HELD = 256;

/** One pool of one driver. */
export interface SqlPool {
  /**
   * Run `sql` with `params`; the first column of the first row, or `undefined` when no row.
   * When `signal` fires (the deadline) the connection in use is destroyed, not reused.
   */
  first(sql: string, params: readonly (string | number)[], signal: DeadlineSignal): Promise<unknown>;
  close(): Promise<void>;
}

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

export type PoolFactory = (spec: SqlStoreSpec, endpoint: SqlStoreSpec['primary']) => SqlPool;

/** Driver errors → the store's codes. Never includes the URL or the password. */
export function sqlError(kind: string, err: unknown): IsauthError {
  if (err instanceof IsauthError) return err;
  const e = err as { code?: string; message?: string };
  const msg = `${kind}: ${e.code ?? ''} ${e.message ?? String(err)}`.trim();
  // SQL errors (no such table/column, permission) are answers; network errors mean unreachable.
  const answered = typeof e.code === 'string' && (/^(ER_|[0-9A-Z]{5}$)/.test(e.code) && !/^(ER_CON|ER_ACCESS|ECONN|ETIMEDOUT|08)/.test(e.code));
  return new IsauthError(answered ? 'STORE_PROTOCOL' : 'STORE_UNAVAILABLE', msg, { cause: err });
}

/** PostgreSQL's undefined_function: no octet_length() for the data column's type. */
const noSizeFunction = (err: unknown): boolean => ((err as { cause?: { code?: unknown } }).cause?.code ?? '') === '42883';

export function createSqlStore(spec: SqlStoreSpec, opts: StoreOptions, makePool: PoolFactory): SessionStore {
  const kind = spec.dialect === 'mysql' ? 'mysql' : 'postgres';
  // WordPress: its own statement (the user joined with its meta rows) and key check, read whole.
  const select = spec.wordpress
    ? { ...wordpressSelect(spec.wordpress), size: undefined }
    : { ...buildSelect(spec.dialect, spec.columns, opts.maxBytes), acceptsKey: isSafeSqlKey };
  /** PostgreSQL has no octet_length() of some types (json…) a custom data column may have: then read whole. */
  let guarded = select.size !== undefined;
  const plain = guarded ? buildSelect(spec.dialect, spec.columns).sql : select.sql;
  // Everything this store does is a read: with a replica, the primary is never used.
  const reads = makePool(spec, spec.replica ?? spec.primary);
  let closed = false;
  const held = heldWork(kind, MAX_HELD);

  async function run<T>(timeoutMs: number, what: string, op: (signal: DeadlineSignal) => Promise<T>): Promise<T> {
    if (closed) throw new IsauthError('STORE_UNAVAILABLE', `${kind}: store is closed`);
    try {
      return await held.run(timeoutMs, what, op);
    } catch (err) {
      throw sqlError(kind, err);
    }
  }

  return {
    kind,

    async load(key, _placeBy, timeoutMs) {
      if (!select.acceptsKey(key)) return null;
      const now = Math.floor(Date.now() / 1000);
      const params = [key, ...select.params(now, opts.maxAgeSeconds)];
      const end = performance.now() + timeoutMs;
      const left = () => Math.max(1, end - performance.now());
      const read = (sql: string) => run(left(), 'SELECT', (signal) => reads.first(sql, params, signal));
      let cell: unknown;
      if (guarded) {
        cell = await read(select.sql).catch((err: unknown) => {
          if (!noSizeFunction(err)) throw err;
          guarded = false;
          return read(plain);
        });
      } else {
        cell = await read(plain);
      }
      if (cell === undefined) return null;
      if (cell === null && guarded && select.size !== undefined) {
        // NULL: an oversized value, or a NULL column. The size tells them apart.
        const size = await read(select.size);
        if (size === undefined) return null; // deleted meanwhile
        if (size !== null && Number(size) > opts.maxBytes) {
          throw new IsauthError('STORE_TOO_LARGE', `${kind}: session of ${String(size)} bytes exceeds ${opts.maxBytes}`);
        }
      }
      const bytes = cellBytes(cell);
      if (bytes.length > opts.maxBytes) {
        throw new IsauthError('STORE_TOO_LARGE', `${kind}: session of ${bytes.length} bytes exceeds ${opts.maxBytes}`);
      }
      return { bytes, flags: 0 };
    },

    async verify(timeoutMs) {
      const one = await run(timeoutMs, 'SELECT 1', (signal) => reads.first('SELECT 1', [], signal));
      if (String(one) !== '1') throw new IsauthError('STORE_PROTOCOL', `${kind}: unexpected answer to SELECT 1`);
    },

    async close() {
      if (closed) return;
      closed = true;
      await reads.close();
    },
  };
}
