/**
 * The SQL store, the same for both drivers: ONE prepared SELECT per load (statement.ts,
 * schema.ts), run through a small pool (mysql.ts, postgres.ts) under the store stage's deadline.
 *
 * - Before the first read the server is asked the types of the table's columns (columns.ts): the
 *   clock of the expiry check follows them, and a column that cannot be read as configured (a
 *   DATETIME with `clock=unix`, a text "expiry", a missing column) refuses every read
 *   (STORE_SCHEMA → `bypass`, reported once through onHealth) — and refuses startup when the
 *   server answers then (`prepare`, called by openSqlStore). A missing table is asked again.
 * - A hung server costs one timeout, not the pool: at the deadline the driver DESTROYS the
 *   connection that waits for the answer (it is never returned to the pool), and a connection
 *   handed out after its request's deadline goes straight back.
 * - Memory stays bounded while the server hangs under full load: at most MAX_HELD reads are held
 *   (waiting for a pooled connection — which outlives its caller's deadline in both drivers'
 *   queues — or for an answer); beyond, a read fails at once (STORE_UNAVAILABLE → `bypass`).
 * - Reads (and /readyz) go to the replica when `?replica=` is given.
 * - An absent or expired row → `null`; a NULL column → empty bytes.
 * - A row larger than --max-session-bytes → STORE_TOO_LARGE without downloading it, in the same
 *   trip: the SELECT returns NULL for it and its size (schema.ts buildSelect).
 */
import { IsauthError } from '../../errors.js';
import { heldWork, type DeadlineSignal } from '../deadline.js';
import type { SessionStore, StoreOptions } from '../types.js';
import { sqlError, type PoolFactory, type SqlParam } from './pool.js';
import { cellBytes } from './schema.js';
import type { SqlStoreSpec } from './spec.js';
import { buildStatement, type Statement } from './statement.js';

/** Reads held at once (waiting for a connection or an answer); beyond, fail fast. */
export const MAX_HELD = 256;

export { abortion, sqlError, type PoolFactory, type SqlPool } from './pool.js';

export interface SqlStore extends SessionStore {
  /**
   * Ask the column types now (startup). Rejects with STORE_SCHEMA when the table cannot be read
   * as configured; resolves otherwise — also when the server cannot be reached yet (then the
   * first read asks).
   */
  prepare(timeoutMs: number): Promise<void>;
}

export function createSqlStore(spec: SqlStoreSpec, opts: StoreOptions, makePool: PoolFactory): SqlStore {
  const kind = spec.dialect === 'mysql' ? 'mysql' : 'postgres';
  // Everything this store does is a read: with a replica, the primary is never used.
  const reads = makePool(spec, spec.replica ?? spec.primary);
  let closed = false;
  const held = heldWork(kind, MAX_HELD);
  let statement: Statement | undefined;
  let pending: Promise<Statement> | undefined;
  /** The table cannot be read as configured: every read is refused with this. */
  let refusal: IsauthError | undefined;

  async function run<T>(timeoutMs: number, what: string, op: (signal: DeadlineSignal) => Promise<T>): Promise<T> {
    if (closed) throw new IsauthError('STORE_UNAVAILABLE', `${kind}: store is closed`);
    try {
      return await held.run(timeoutMs, what, op);
    } catch (err) {
      throw sqlError(kind, err);
    }
  }

  /** The statement, asking the column types first if not done yet (one query, shared). */
  function ready(timeoutMs: number): Statement | Promise<Statement> {
    if (statement !== undefined) return statement;
    if (refusal !== undefined) return Promise.reject(refusal);
    pending ??= buildStatement(spec, opts.maxBytes, (sql, params) => run(timeoutMs, 'column types', (signal) => reads.rows(sql, params, signal)))
      .then((s) => {
        if ('absent' in s) throw new IsauthError('STORE_PROTOCOL', `${kind}: ${s.absent}`);
        if ('refused' in s) {
          refusal = new IsauthError('STORE_SCHEMA', `${kind}: ${s.refused}`);
          opts.onHealth?.(refusal.message);
          throw refusal;
        }
        statement = s;
        return s;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  }

  return {
    kind,

    async prepare(timeoutMs) {
      try {
        await ready(timeoutMs);
      } catch (err) {
        if (err === refusal) throw err;
      }
    },

    async load(key, _placeBy, timeoutMs) {
      const end = performance.now() + timeoutMs;
      const s = statement ?? (await ready(timeoutMs));
      if (!s.acceptsKey(key)) return null;
      const params: SqlParam[] = [key, ...s.params(Math.floor(Date.now() / 1000), opts.maxAgeSeconds)];
      const left = Math.max(1, end - performance.now());
      const rows = await run(left, 'SELECT', (signal) => reads.rows(s.sql, params, signal, s.name));
      const row = rows[0];
      if (row === undefined) return null;
      const size = s.sized ? row[1] : undefined;
      if (row[0] === null && size !== null && size !== undefined && Number(size) > opts.maxBytes) {
        throw new IsauthError('STORE_TOO_LARGE', `${kind}: session of ${String(size)} bytes exceeds ${opts.maxBytes}`);
      }
      const bytes = cellBytes(row[0]);
      if (bytes.length > opts.maxBytes) {
        throw new IsauthError('STORE_TOO_LARGE', `${kind}: session of ${bytes.length} bytes exceeds ${opts.maxBytes}`);
      }
      return { bytes, flags: 0 };
    },

    async verify(timeoutMs) {
      // Before the first read, readiness includes the column types (a table that cannot be read).
      if (statement === undefined) {
        await ready(timeoutMs);
        return;
      }
      const rows = await run(timeoutMs, 'SELECT 1', (signal) => reads.rows('SELECT 1', [], signal));
      if (String(rows[0]?.[0]) !== '1') throw new IsauthError('STORE_PROTOCOL', `${kind}: unexpected answer to SELECT 1`);
    },

    async close() {
      if (closed) return;
      closed = true;
      await reads.close();
    },
  };
}
