/**
 * Sessions written into SQL tables by real PHP (test/harness/sql/write-session.php: a classic PDO
 * handler, Symfony's PdoSessionHandler, Drupal's SessionHandler layout) — and the tables those
 * writers expect, created as their projects create them.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findProgram } from './programs.js';

const SCRIPT = fileURLToPath(new URL('./sql/write-session.php', import.meta.url));

export type SqlWriterMode = 'plain' | 'symfony' | 'symfony_handler' | 'drupal';

export interface SqlWrite {
  mode: SqlWriterMode;
  /** PDO DSN, e.g. `mysql:host=127.0.0.1;port=3306;dbname=app` or `pgsql:…`. */
  dsn: string;
  user: string;
  id: string;
  /** PHP statements run inside the session (`$_SESSION[...] = …`, or `$session->set(…)` for symfony). */
  code: string;
  lifetime?: number;
  /** Store exactly these bytes through the handler instead of the serialized session. */
  raw?: Uint8Array;
}

/** Returns the id the session ended with (Symfony replaces an id its store does not know). */
export function phpWriteSqlSession(w: SqlWrite): string {
  const res = spawnSync(findProgram('php') ?? 'php', ['-d', 'display_errors=stderr', '-d', 'error_reporting=-1', SCRIPT], {
    input: JSON.stringify({ ...w, raw: w.raw === undefined ? undefined : Buffer.from(w.raw).toString('base64') }),
    encoding: 'utf8',
  });
  if (res.status !== 0) throw new Error(`write-session.php (${w.mode}) exited ${res.status}: ${res.stderr}${res.stdout}`);
  return (JSON.parse(res.stdout) as { id: string }).id;
}

/** The tables, as each writer's project creates them (Symfony's from PdoSessionHandler::createTable). */
export function schemaDdl(dialect: 'mysql' | 'postgres'): Record<'plain' | 'symfony' | 'laravel' | 'drupal', string> {
  const my = dialect === 'mysql';
  const blob = my ? 'LONGBLOB' : 'BYTEA';
  return {
    plain: `CREATE TABLE sessions (session_id VARCHAR(128) NOT NULL PRIMARY KEY, session_data TEXT NOT NULL, session_expiration INTEGER NOT NULL)`,
    symfony: my
      ? 'CREATE TABLE sessions (sess_id VARBINARY(128) NOT NULL PRIMARY KEY, sess_data BLOB NOT NULL, sess_lifetime INTEGER UNSIGNED NOT NULL, sess_time INTEGER UNSIGNED NOT NULL) COLLATE utf8mb4_bin, ENGINE = InnoDB'
      : 'CREATE TABLE sessions (sess_id VARCHAR(128) NOT NULL PRIMARY KEY, sess_data BYTEA NOT NULL, sess_lifetime INTEGER NOT NULL, sess_time INTEGER NOT NULL)',
    // Laravel's `php artisan session:table` migration.
    laravel: `CREATE TABLE sessions (id VARCHAR(255) NOT NULL PRIMARY KEY, user_id BIGINT NULL, ip_address VARCHAR(45) NULL, user_agent TEXT NULL, payload ${my ? 'LONGTEXT' : 'TEXT'} NOT NULL, last_activity INTEGER NOT NULL)`,
    // Drupal's system_schema() 'sessions'.
    drupal: `CREATE TABLE sessions (uid INTEGER NOT NULL, sid VARCHAR(128) NOT NULL PRIMARY KEY, hostname VARCHAR(128) NOT NULL DEFAULT '', timestamp INTEGER NOT NULL DEFAULT 0, session ${blob} NULL)`,
  };
}
