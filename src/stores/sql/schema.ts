/**
 * The `?schema=` presets, identifier checks, and the one SELECT each store runs. Names are
 * validated (`[A-Za-z_][A-Za-z0-9_]*`, a table optionally `schema.table`) AND quoted as
 * identifiers; values (the key, the clock) are always parameters, never SQL text.
 */
import { IsauthError } from '../../errors.js';
import type { TypedExpiry } from './columns.js';
import type { SqlDialect, SqlExpiry, SqlSchemaName, SqlTable } from './spec.js';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export const isIdentifier = (s: string): boolean => IDENT.test(s);
export const isTableName = (s: string): boolean => {
  const parts = s.split('.');
  return parts.length <= 2 && parts.every(isIdentifier);
};

/** Each schema as its writer creates it (docs/sql.md cites the sources). */
export const PRESETS: Readonly<Record<Exclude<SqlSchemaName, 'custom'>, SqlTable>> = Object.freeze({
  // The classic hand-written PDO/mysqli handler: expiry time in Unix seconds.
  plain: { table: 'sessions', id: 'session_id', data: 'session_data', expiry: { kind: 'expires', column: 'session_expiration', clock: 'unix' } },
  // Symfony PdoSessionHandler (5.4: sess_lifetime = expiry time; before: seconds added to sess_time).
  symfony: { table: 'sessions', id: 'sess_id', data: 'sess_data', expiry: { kind: 'symfony', lifetime: 'sess_lifetime', time: 'sess_time' } },
  // Laravel DatabaseSessionHandler: no expiry column, last_activity + lifetime (--max-age).
  laravel: { table: 'sessions', id: 'id', data: 'payload', decision: 'user_id', expiry: { kind: 'time', column: 'last_activity', clock: 'unix' } },
  // Drupal 8+ SessionHandler: sid = Crypt::hashBase64(id); its gc deletes timestamp < now − gc_maxlifetime.
  drupal: { table: 'sessions', id: 'sid', data: 'session', decision: 'uid', expiry: { kind: 'time', column: 'timestamp', clock: 'unix' } },
  // Django's db backend: expire_date, a datetime in UTC (USE_TZ), live while > now.
  django: { table: 'django_session', id: 'session_key', data: 'session_data', expiry: { kind: 'expires', column: 'expire_date', clock: 'datetime' } },
});

/** Symfony's PdoSessionHandler::MAX_LIFETIME: lifetimes up to this are the pre-5.4 "seconds" form. */
export const SYMFONY_MAX_LIFETIME = 315576000;

export function quoteIdent(dialect: SqlDialect, name: string): string {
  if (!isTableName(name)) throw new IsauthError('STORE_URL', `not an SQL identifier: ${JSON.stringify(name)}`);
  const q = dialect === 'mysql' ? '`' : '"';
  return name.split('.').map((p) => q + p + q).join('.');
}

export interface Select {
  /**
   * The read. With a size limit it returns two columns: the data, or NULL when it holds more
   * bytes than the limit — decided by the server, so an oversized session is never downloaded —
   * and its size (`octet_length`), which tells an oversized value from a NULL column. One trip.
   */
  readonly sql: string;
  /** `sql` returns [data or NULL, size]; else [data]. */
  readonly sized: boolean;
  /** The parameters after the key: what to bind, given now (Unix seconds) and --max-age. */
  readonly params: (nowSeconds: number, maxAgeSeconds: number) => number[];
}

/** The expiry check as the URL gives it, before the columns' types are known (tests, tools). */
function untyped(dialect: SqlDialect, e: SqlExpiry): TypedExpiry {
  if (e.kind === 'none' || e.kind === 'symfony') return e;
  return { kind: e.kind, column: e.column, type: e.clock === 'unix' ? 'seconds' : dialect === 'mysql' ? 'utc' : 'zoned' };
}

/** SQL for "now" compared with a date column of this type (columns.ts). */
function nowFor(dialect: SqlDialect, type: 'zoned' | 'utc'): string {
  if (dialect === 'mysql') return type === 'zoned' ? 'CURRENT_TIMESTAMP(6)' : 'UTC_TIMESTAMP(6)';
  return type === 'zoned' ? 'now()' : "(now() AT TIME ZONE 'UTC')";
}

function expiryClause(dialect: SqlDialect, e: TypedExpiry, ph: (n: number) => string): Select['params'] | [string, Select['params']] {
  const q = (c: string) => quoteIdent(dialect, c);
  switch (e.kind) {
    case 'none':
      return () => [];
    case 'expires':
      return e.type === 'seconds' ? [`${q(e.column)} >= ${ph(2)}`, (now) => [now]] : [`${q(e.column)} > ${nowFor(dialect, e.type)}`, () => []];
    case 'time': {
      if (e.type === 'seconds') return [`${q(e.column)} >= ${ph(2)}`, (now, maxAge) => [now - maxAge]];
      const now = nowFor(dialect, e.type);
      return dialect === 'mysql'
        ? [`${q(e.column)} >= ${now} - INTERVAL ${ph(2)} SECOND`, (_n, maxAge) => [maxAge]]
        : [`${q(e.column)} >= ${now} - make_interval(secs => ${ph(2)})`, (_n, maxAge) => [maxAge]];
    }
    case 'symfony': {
      const l = q(e.lifetime);
      return [`(CASE WHEN ${l} <= ${SYMFONY_MAX_LIFETIME} THEN ${l} + ${q(e.time)} ELSE ${l} END) >= ${ph(2)}`, (now) => [now]];
    }
  }
}

/** PostgreSQL types octet_length() measures directly; others (json, xml…) as their text. */
const MEASURABLE = /^(text|bytea|character varying|character|varchar|char|"char"|name)\b/;

/**
 * `SELECT data FROM table WHERE id = ? [AND live] LIMIT 1`, placeholders in the dialect's form;
 * "live" as the columns' types say (`expiry`, columns.ts), else as the URL's clock says.
 * With `maxBytes`: `SELECT CASE WHEN octet_length(data) <= maxBytes THEN data END,
 * octet_length(data) …` — except for a decision column (an integer: tiny). `dataType`: the data
 * column's type as the server names it, when known.
 */
export function buildSelect(dialect: SqlDialect, t: SqlTable, maxBytes?: number, expiry: TypedExpiry = untyped(dialect, t.expiry), dataType?: string): Select {
  const ph = (n: number) => (dialect === 'mysql' ? '?' : `$${n}`);
  const q = (c: string) => quoteIdent(dialect, c);
  const clause = expiryClause(dialect, expiry, ph);
  const [cond, params] = typeof clause === 'function' ? [undefined, clause] : clause;
  const from = `FROM ${q(t.table)} WHERE ${q(t.id)} = ${ph(1)}${cond ? ` AND ${cond}` : ''} LIMIT 1`;
  if (maxBytes === undefined || t.data === t.decision) return { sql: `SELECT ${q(t.data)} ${from}`, sized: false, params };
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw new IsauthError('STORE_URL', `sql: bad size limit ${maxBytes}`);
  const asText = dialect === 'postgres' && dataType !== undefined && !MEASURABLE.test(dataType);
  const size = `octet_length(${q(t.data)}${asText ? '::text' : ''})`;
  return { sql: `SELECT CASE WHEN ${size} <= ${maxBytes} THEN ${q(t.data)} END, ${size} ${from}`, sized: true, params };
}

/** The store's own key check: ids and derived keys only ever hold these (PHP, Drupal, Django alphabets). */
const SQL_KEY = /^[A-Za-z0-9,_-]{1,256}$/;
export const isSafeSqlKey = (key: string): boolean => SQL_KEY.test(key);

/** A column value → the bytes `load` returns. NULL → empty (an empty session / an unset decision). */
export function cellBytes(v: unknown): Uint8Array {
  if (v === null || v === undefined) return new Uint8Array(0);
  if (v instanceof Uint8Array) return v;
  if (v instanceof Date) return Buffer.from(v.toISOString());
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return Buffer.from(String(v));
  throw new IsauthError('STORE_PROTOCOL', `sql: unexpected column value of type ${typeof v}`);
}
