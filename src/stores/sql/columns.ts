/**
 * What the session table's columns ARE, asked from the server once (information_schema on MySQL,
 * pg_attribute on PostgreSQL) before the first read: the type of each time column decides how
 * "now" is compared with it (issue 17: an `expires=` DATETIME compared with Unix seconds made
 * expired rows live, silently).
 *
 * - An integer or decimal column holds Unix seconds; a DATETIME/TIMESTAMP/`timestamp…` column a
 *   date. Without `clock=` in the URL the clock follows the type (the presets' clocks included).
 * - `clock=` given and contradicted by the type, or a time column of any other type (text…), or a
 *   named column missing from the table: the store refuses, naming the column and its type
 *   (at startup: isauth does not start; src/stores/sql/index.ts).
 * - Dates are compared in the column's own terms: MySQL TIMESTAMP and PostgreSQL timestamptz
 *   with the server's now (both sides in the session's time zone); MySQL DATETIME and PostgreSQL
 *   `timestamp without time zone` hold UTC (Django's convention) and are compared with UTC now.
 */
import { quoteIdent } from './schema.js';
import type { SqlClock, SqlDialect, SqlExpiry, SqlTable } from './spec.js';

/** How a time column holds time. */
export type TimeType = 'seconds' | 'zoned' | 'utc';

/** The expiry check with the type of its columns known. */
export type TypedExpiry =
  | { readonly kind: 'none' }
  | { readonly kind: 'expires' | 'time'; readonly column: string; readonly type: TimeType }
  | { readonly kind: 'symfony'; readonly lifetime: string; readonly time: string };

/** Column name (lower case) → its type as the server names it (`datetime`, `timestamp with time zone`…). */
export type ColumnTypes = ReadonlyMap<string, string>;

/** The statement that lists the table's columns and types, and its parameters. */
export function columnsQuery(dialect: SqlDialect, table: string): { sql: string; params: Array<string | null> } {
  if (dialect === 'postgres') {
    return {
      sql:
        'SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute a ' +
        'WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped',
      params: [quoteIdent('postgres', table)],
    };
  }
  const [schema, name] = table.includes('.') ? table.split('.') : [null, table];
  return {
    sql: 'SELECT COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?',
    params: [schema ?? null, name ?? table],
  };
}

/** The query's rows → the column map (empty: no such table, or no right to see it). */
export function columnTypes(rows: readonly unknown[][]): ColumnTypes {
  return new Map(rows.map((r) => [String(r[0]).toLowerCase(), String(r[1]).toLowerCase()]));
}

/** How a column of this type holds time; undefined when it cannot (text, json…). */
export function timeType(dialect: SqlDialect, type: string): TimeType | undefined {
  if (/^(tinyint|smallint|mediumint|int|integer|bigint|decimal|numeric|float|double|real)\b/.test(type)) return 'seconds';
  if (dialect === 'mysql') {
    if (/^timestamp\b/.test(type)) return 'zoned';
    if (/^(datetime|date)\b/.test(type)) return 'utc';
    return undefined;
  }
  if (/^timestamp.* with time zone$/.test(type)) return 'zoned';
  if (/^(timestamp\b|date$)/.test(type)) return 'utc';
  return undefined;
}

const CLOCK_OF: Record<TimeType, SqlClock> = { seconds: 'unix', zoned: 'datetime', utc: 'datetime' };

/**
 * The expiry check for this table, or why the store cannot read it (a message naming the column
 * and its type). `clockGiven`: the URL said `clock=` — then a type that contradicts it is an
 * error, not silently followed.
 */
export function typedExpiry(dialect: SqlDialect, t: SqlTable, types: ColumnTypes, clockGiven: boolean): TypedExpiry | { error: string } {
  const missing = [t.id, t.data, ...timeColumns(t.expiry)].find((c) => !types.has(c.toLowerCase()));
  if (missing !== undefined) return { error: `the table ${t.table} has no column ${missing}` };
  const e: SqlExpiry = t.expiry;
  const typeOf = (c: string): string => types.get(c.toLowerCase()) ?? '';
  switch (e.kind) {
    case 'none':
      return e;
    case 'symfony': {
      for (const c of [e.lifetime, e.time]) {
        if (timeType(dialect, typeOf(c)) !== 'seconds') return { error: `column ${c} is ${typeOf(c).toUpperCase()}, but Symfony's PdoSessionHandler writes Unix seconds (an integer) there` };
      }
      return e;
    }
    case 'expires':
    case 'time': {
      const type = timeType(dialect, typeOf(e.column));
      const option = `${e.kind}=${e.column}`;
      if (type === undefined) return { error: `${option}: column ${e.column} is ${typeOf(e.column).toUpperCase()}, which holds no time (Unix seconds as an integer, or DATETIME/TIMESTAMP)` };
      if (clockGiven && CLOCK_OF[type] !== e.clock) {
        return { error: `${option}: column ${e.column} is ${typeOf(e.column).toUpperCase()}, but clock=${e.clock} (leave clock= out: the column's type decides)` };
      }
      return { kind: e.kind, column: e.column, type };
    }
  }
}

function timeColumns(e: SqlExpiry): string[] {
  if (e.kind === 'none') return [];
  if (e.kind === 'symfony') return [e.lifetime, e.time];
  return [e.column];
}
