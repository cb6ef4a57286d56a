/**
 * SQL store URLs → SqlStoreSpec. Pure (no I/O); a bad URL gives `{error}` and never echoes a password.
 *
 *   mysql://[user[:pass]@]host[:port]/database[?…]     (also mariadb://; port 3306)
 *   postgres://[user[:pass]@]host[:port]/database[?…]  (also postgresql://; port 5432)
 *
 * Options: `schema=` plain|symfony|laravel|drupal|django (default plain), and to override or
 * replace it `table=`, `id=`, `data=`, `expires=` or `time=` (an empty value: no expiry check),
 * `clock=unix|datetime`, `decision=`; `ssl=off|require|verify`, `sslca=FILE`; `socket=PATH`
 * (MySQL: the socket file; PostgreSQL: its directory); `replica=host[:port][/database]`; `pool=N` (1–32).
 */
import { HOSTNAME } from '../url-common.js';
import { PRESETS, isIdentifier, isTableName } from './schema.js';
import { SQL_SCHEMAS, type SqlClock, type SqlDialect, type SqlEndpoint, type SqlExpiry, type SqlSsl, type SqlStoreSpec, type SqlTable } from './spec.js';

type Result = SqlStoreSpec | { error: string };

const OPTIONS = ['schema', 'table', 'id', 'data', 'expires', 'time', 'clock', 'decision', 'ssl', 'sslca', 'socket', 'replica', 'pool'] as const;
const DATABASE = /^[A-Za-z0-9_$-]{1,63}$/;
const SSL: readonly SqlSsl[] = ['off', 'require', 'verify'];

export const SQL_SCHEMES: Readonly<Record<string, SqlDialect>> = Object.freeze({
  mysql: 'mysql',
  mariadb: 'mysql',
  postgres: 'postgres',
  postgresql: 'postgres',
});

function endpoint(hostPort: string, dialect: SqlDialect, what: string): SqlEndpoint | { error: string } {
  const m = /^([^:]+)(?::(\d{1,5}))?$/.exec(hostPort);
  if (!m || !HOSTNAME.test(m[1] ?? '')) return { error: `${what}: bad host "${hostPort}"` };
  const port = m[2] === undefined ? (dialect === 'mysql' ? 3306 : 5432) : Number(m[2]);
  if (port < 1 || port > 65535) return { error: `${what}: bad port "${m[2] ?? ''}"` };
  return { host: m[1] ?? '', port };
}

function columns(q: URLSearchParams, scheme: string): SqlTable | { error: string } {
  const name = q.get('schema') ?? 'plain';
  const preset = (SQL_SCHEMAS as readonly string[]).includes(name) ? PRESETS[name as keyof typeof PRESETS] : undefined;
  if (!preset) return { error: `${scheme}: schema "${name}" must be one of ${SQL_SCHEMAS.join(', ')}` };
  const pick = (k: 'table' | 'id' | 'data' | 'decision'): string | undefined => q.get(k) ?? preset[k];
  const table = pick('table') ?? '';
  if (!isTableName(table)) return { error: `${scheme}: table "${table}" must be NAME or SCHEMA.NAME ([A-Za-z_][A-Za-z0-9_]*)` };
  for (const k of ['id', 'data', 'decision', 'expires', 'time'] as const) {
    const v = k === 'expires' || k === 'time' ? q.get(k) : pick(k);
    if (v !== null && v !== undefined && v !== '' && !isIdentifier(v)) return { error: `${scheme}: ${k} column "${v}" must match [A-Za-z_][A-Za-z0-9_]*` };
  }
  if (pick('id') === '' || pick('data') === '') return { error: `${scheme}: id and data columns cannot be empty` };
  const clock = q.get('clock');
  if (clock !== null && clock !== 'unix' && clock !== 'datetime') return { error: `${scheme}: clock "${clock}" must be unix or datetime` };
  let expiry: SqlExpiry = preset.expiry;
  const expires = q.get('expires');
  const time = q.get('time');
  if (expires !== null && time !== null) return { error: `${scheme}: give expires= or time=, not both` };
  const presetClock: SqlClock = 'clock' in expiry ? expiry.clock : 'unix';
  const c: SqlClock = (clock as SqlClock | null) ?? presetClock;
  if (expires !== null) expiry = expires === '' ? { kind: 'none' } : { kind: 'expires', column: expires, clock: c };
  else if (time !== null) expiry = time === '' ? { kind: 'none' } : { kind: 'time', column: time, clock: c };
  else if (clock !== null && 'clock' in expiry) expiry = { ...expiry, clock: c };
  const decision = pick('decision');
  return {
    table,
    id: pick('id') ?? '',
    data: pick('data') ?? '',
    ...(decision !== undefined && decision !== '' && { decision }),
    expiry,
  };
}

export function parseSqlUrl(url: string): Result {
  const scheme = /^([a-z]+):/i.exec(url)?.[1]?.toLowerCase() ?? '';
  const dialect = SQL_SCHEMES[scheme];
  if (!dialect) return { error: `unknown SQL store "${scheme}"` };
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { error: `${scheme}: cannot parse the URL (expected ${scheme}://user:pass@host:port/database?…)` };
  }
  if (u.hash) return { error: `${scheme}: unexpected #fragment` };
  const q = u.searchParams;
  for (const key of new Set(q.keys())) {
    if (!(OPTIONS as readonly string[]).includes(key)) return { error: `${scheme}: unknown option "${key}" (known: ${OPTIONS.join(', ')})` };
    if (q.getAll(key).length > 1) return { error: `${scheme}: option "${key}" given twice` };
  }
  let user: string | undefined;
  let password: string | undefined;
  let database: string;
  try {
    if (u.username) user = decodeURIComponent(u.username);
    if (u.password) password = decodeURIComponent(u.password);
    database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  } catch {
    return { error: `${scheme}: bad percent-encoding` };
  }
  if (!DATABASE.test(database)) return { error: `${scheme}: the database name is missing or not [A-Za-z0-9_$-]` };
  const primary = endpoint(u.port ? `${u.hostname}:${u.port}` : u.hostname, dialect, scheme);
  if ('error' in primary) return primary;
  const socket = q.get('socket');
  if (socket !== null && (!socket.startsWith('/') || socket.includes('\0'))) return { error: `${scheme}: socket must be an absolute path` };
  let replica: SqlEndpoint | undefined;
  const r = q.get('replica');
  if (r !== null) {
    const [hostPort = '', db, ...extra] = r.split('/');
    if (extra.length > 0 || (db !== undefined && !DATABASE.test(db))) return { error: `${scheme}: replica must be host[:port][/database]` };
    const e = endpoint(hostPort, dialect, `${scheme} replica`);
    if ('error' in e) return e;
    replica = { ...e, ...(db !== undefined && { database: db }) };
  }
  const ssl = (q.get('ssl') ?? 'off') as SqlSsl;
  if (!SSL.includes(ssl)) return { error: `${scheme}: ssl "${ssl}" must be one of ${SSL.join(', ')}` };
  const sslCa = q.get('sslca') ?? undefined;
  if (sslCa !== undefined && !sslCa.startsWith('/')) return { error: `${scheme}: sslca must be an absolute path` };
  const poolStr = q.get('pool') ?? '4';
  if (!/^\d{1,2}$/.test(poolStr) || Number(poolStr) < 1 || Number(poolStr) > 32) return { error: `${scheme}: pool must be 1-32` };
  const cols = columns(q, scheme);
  if ('error' in cols) return cols;
  const name = q.get('schema') ?? 'plain';
  const custom = ['table', 'id', 'data', 'expires', 'time', 'clock', 'decision'].some((k) => q.has(k));
  return {
    kind: 'sql',
    dialect,
    schema: custom && !q.has('schema') ? 'custom' : (name as SqlStoreSpec['schema']),
    primary: { ...primary, ...(socket !== null && { socket }) },
    ...(replica && { replica }),
    database,
    ...(user !== undefined && { user }),
    ...(password !== undefined && { password }),
    ssl,
    ...(sslCa !== undefined && { sslCa }),
    pool: Number(poolStr),
    columns: cols,
    ...(q.has('clock') && { clockGiven: true }),
  };
}
