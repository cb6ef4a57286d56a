/**
 * The one statement an SQL store runs per read, built once the server has told the types of the
 * table's columns (columns.ts) — the clock of the expiry check, and how to measure the data.
 * WordPress has its own statement (wordpress.ts), which needs no types.
 */
import { createHash } from 'node:crypto';
import { columnsQuery, columnTypes, typedExpiry } from './columns.js';
import type { SqlParam } from './pool.js';
import { buildSelect, isSafeSqlKey } from './schema.js';
import type { SqlStoreSpec } from './spec.js';
import { wordpressSelect } from './wordpress.js';

export interface Statement {
  readonly sql: string;
  /** The prepared statement's name (PostgreSQL): one per text. */
  readonly name: string;
  /** The parameters after the key, given now (Unix seconds) and --max-age. */
  params(nowSeconds: number, maxAgeSeconds: number): number[];
  /** The statement returns the data (NULL when larger than the limit) AND its size: [data, size]. */
  readonly sized: boolean;
  /** The store's own key check. */
  acceptsKey(key: string): boolean;
}

/** Why a store cannot read its table: `absent` may change (a migration); `refused` will not. */
export type Unreadable = { readonly absent: string } | { readonly refused: string };

const named = (sql: string): string => `isauth_${createHash('sha256').update(sql).digest('hex').slice(0, 16)}`;

/** The statement of `spec`; `rows` runs the one query that asks the column types. */
export async function buildStatement(
  spec: SqlStoreSpec,
  maxBytes: number,
  rows: (sql: string, params: readonly SqlParam[]) => Promise<unknown[][]>,
): Promise<Statement | Unreadable> {
  if (spec.wordpress) {
    const w = wordpressSelect(spec.wordpress);
    return { sql: w.sql, name: named(w.sql), params: w.params, sized: false, acceptsKey: w.acceptsKey };
  }
  const t = spec.columns;
  const q = columnsQuery(spec.dialect, t.table);
  const types = columnTypes(await rows(q.sql, q.params));
  if (types.size === 0) return { absent: `no table ${t.table} (or no right to see it)` };
  const expiry = typedExpiry(spec.dialect, t, types, spec.clockGiven === true);
  if ('error' in expiry) return { refused: expiry.error };
  const s = buildSelect(spec.dialect, t, maxBytes, expiry, types.get(t.data.toLowerCase()));
  return { sql: s.sql, name: named(s.sql), params: s.params, sized: s.sized, acceptsKey: isSafeSqlKey };
}
