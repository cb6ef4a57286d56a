/**
 * What `--store mysql://…` / `postgres://…` becomes (src/stores/sql/url.ts parses it): where the
 * database is, and which table and columns hold the sessions. Table and column names come from
 * this configuration only — validated as identifiers (schema.ts) and quoted — never from
 * a request.
 */

import type { WordPressTables } from './wordpress.js';

export type SqlDialect = 'mysql' | 'postgres';

/** The `?schema=` presets (docs/sql.md); `custom` when only explicit columns are given. */
export const SQL_SCHEMAS = ['plain', 'symfony', 'laravel', 'drupal', 'django'] as const;
export type SqlSchemaName = (typeof SQL_SCHEMAS)[number] | 'custom';

/**
 * How a time column holds times: Unix seconds (an integer), or a DATETIME/TIMESTAMP. What the URL
 * says (or its preset); the store follows the column's type as the server reports it (columns.ts).
 */
export type SqlClock = 'unix' | 'datetime';

/**
 * When a row counts as expired (then the store answers `null`, like an absent row). Checked in
 * the SQL statement itself (`WHERE`):
 * - `none`: never (the application's garbage collector deletes old rows);
 * - `expires`: the column holds the expiry time; live while it is ≥ now;
 * - `time`: the column holds the last write; live while it is ≥ now − `--max-age`;
 * - `symfony`: PdoSessionHandler's pair, read as Symfony 5.4 reads it: `lifetime` is the expiry
 *   time, or (the pre-5.4 form, a value ≤ 315576000) a lifetime in seconds added to `time`.
 */
export type SqlExpiry =
  | { readonly kind: 'none' }
  | { readonly kind: 'expires'; readonly column: string; readonly clock: SqlClock }
  | { readonly kind: 'time'; readonly column: string; readonly clock: SqlClock }
  | { readonly kind: 'symfony'; readonly lifetime: string; readonly time: string };

export interface SqlTable {
  /** `table` or `schema.table`. */
  readonly table: string;
  /** The key column (the store key is compared to it). */
  readonly id: string;
  /** The column whose bytes `load` returns. */
  readonly data: string;
  /**
   * A column that alone decides logged-in (Laravel `user_id`, Drupal `uid`). The store never
   * reads it by itself: a profile that wants it gives the store a spec whose `data` is this
   * column (src/profiles/sql.ts).
   */
  readonly decision?: string;
  readonly expiry: SqlExpiry;
}

export interface SqlEndpoint {
  readonly host: string;
  readonly port: number;
  /** MySQL: the socket file; PostgreSQL: the socket's directory (libpq's `host=/dir`). */
  readonly socket?: string;
  /** A replica's own database name (default: the primary's). */
  readonly database?: string;
}

/** `?ssl=`: `off` (default), `require` (TLS without checking the certificate), `verify` (TLS, certificate checked). */
export type SqlSsl = 'off' | 'require' | 'verify';

export interface SqlStoreSpec {
  readonly kind: 'sql';
  readonly dialect: SqlDialect;
  readonly schema: SqlSchemaName;
  readonly primary: SqlEndpoint;
  /** `?replica=host[:port][/database]`: reads (and /readyz) go there; same database and credentials. */
  readonly replica?: SqlEndpoint;
  readonly database: string;
  readonly user?: string;
  readonly password?: string;
  readonly ssl: SqlSsl;
  /** `?sslca=FILE`: CA certificates (PEM) for `ssl=verify`, read when the store is created. */
  readonly sslCa?: string;
  /** `?pool=N`: connections per pool (default 4). */
  readonly pool: number;
  readonly columns: SqlTable;
  /**
   * The URL said `clock=`: a time column whose type contradicts it is an error (columns.ts).
   * Without it the clock follows the column's type.
   */
  readonly clockGiven?: boolean;
  /** `--framework wordpress`: read WordPress's tables instead of `columns` (src/stores/sql/wordpress.ts). */
  readonly wordpress?: WordPressTables;
}
