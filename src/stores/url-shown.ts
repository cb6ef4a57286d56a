/**
 * A parsed store spec written back as a store URL for people to read — `--check-config`, the
 * startup log line, `isauth check` — with `***` where a password is set. It is built from the
 * PARSED spec, field by field, never by editing the URL as given: the password is not among the
 * fields written, so no character it may hold (`@ / % : ? #`, spaces) can make it show.
 *
 * Parsing what this returns gives the same spec (with `***` for the password): the settings in
 * effect, defaults spelled out where a reader needs them (the port), left out where the parser
 * has them (database 0, `pool=` its default).
 */
import { PRESETS } from './sql/schema.js';
import type { SqlExpiry, SqlStoreSpec, SqlTable } from './sql/spec.js';
import type { MemcachedServer, RedisTls, StoreSpec } from './types.js';
import { DEFAULT_POOL } from './sql/url.js';

const enc = encodeURIComponent;

/** `host:port[:weight]`, an IPv6 host in brackets. */
function hostPort(host: string, port: number, weight = 1): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}${weight !== 1 ? `:${weight}` : ''}`;
}

/** `user:***@`, `:***@`, `user@` or nothing. */
function credentials(user: string | undefined, password: string | undefined): string {
  if (password !== undefined) return `${enc(user ?? '')}:***@`;
  return user !== undefined ? `${enc(user)}@` : '';
}

function query(pairs: Array<[string, string | number] | false | undefined>): string {
  const given = pairs.filter((p): p is [string, string | number] => Array.isArray(p));
  return given.length === 0 ? '' : `?${given.map(([k, v]) => `${k}=${enc(String(v))}`).join('&')}`;
}

function memcachedServer(s: MemcachedServer): string {
  return s.socket ?? hostPort(s.host, s.port, s.weight);
}

function tlsQuery(tls: RedisTls | undefined, flag: boolean): Array<[string, string] | false> {
  return [flag && tls !== undefined && ['tls', '1'], tls?.ca !== undefined && ['ca', tls.ca]];
}

function sqlExpiry(e: SqlExpiry, preset: SqlTable): Array<[string, string] | false> {
  if (JSON.stringify(e) === JSON.stringify(preset.expiry)) return [];
  const presetClock = 'clock' in preset.expiry ? preset.expiry.clock : 'unix';
  switch (e.kind) {
    case 'none':
      return [['expires', '']];
    case 'expires':
    case 'time':
      return [[e.kind, e.column], e.clock !== presetClock && ['clock', e.clock]];
    case 'symfony':
      return []; // only the symfony preset has it, and then it equals the preset's
  }
}

function sqlUrl(s: SqlStoreSpec): string {
  const custom = s.schema === 'custom';
  const preset = PRESETS[custom ? 'plain' : s.schema];
  const c = s.columns;
  const column = (k: 'table' | 'id' | 'data'): [string, string] | false => (custom || c[k] !== preset[k]) && [k, c[k]];
  const replica = s.replica && `${hostPort(s.replica.host, s.replica.port)}${s.replica.database !== undefined ? `/${s.replica.database}` : ''}`;
  const columns = [
    column('table'),
    column('id'),
    column('data'),
    c.decision !== preset.decision && ['decision', c.decision ?? ''],
    ...sqlExpiry(c.expiry, preset),
  ].filter((p): p is [string, string] => p !== false);
  // Without `schema=`, a column option makes the table `custom`: name the preset then.
  const schema: [string, string] | false = !custom && (s.schema !== 'plain' || columns.length > 0) && ['schema', s.schema];
  const q = query([
    schema,
    ...columns,
    s.ssl !== 'off' && ['ssl', s.ssl],
    s.sslCa !== undefined && ['sslca', s.sslCa],
    s.primary.socket !== undefined && ['socket', s.primary.socket],
    replica !== undefined && ['replica', replica],
    s.pool !== DEFAULT_POOL && ['pool', s.pool],
  ]);
  const scheme = s.dialect === 'mysql' ? 'mysql' : 'postgres';
  return `${scheme}://${credentials(s.user, s.password)}${hostPort(s.primary.host, s.primary.port)}/${s.database}${q}`;
}

export function shownStoreUrl(spec: StoreSpec): string {
  switch (spec.kind) {
    case 'cookie':
      return 'cookie:';
    case 'files':
      if (spec.dir.includes(';')) return `files://${spec.dir}`; // only the URL form can hold a `;` (depth 0)
      return spec.depth > 0 ? `files:${spec.depth};${spec.dir}` : `files:${spec.dir}`;
    case 'memcached': {
      const pecl = spec.pecl;
      const q = query([
        pecl !== undefined && ['client', 'memcache'],
        spec.distributionGiven === true && ['hash', pecl?.strategy ?? spec.distribution],
        pecl !== undefined && ['hash_function', pecl.hashFunction],
        pecl !== undefined && ['redundancy', pecl.redundancy],
        spec.replicas !== undefined && ['replicas', spec.replicas],
        spec.prefix !== undefined && ['prefix', spec.prefix],
        spec.keyTemplate !== undefined && ['key', spec.keyTemplate],
      ]);
      return `memcached://${spec.servers.map(memcachedServer).join(',')}${q}`;
    }
    case 'redis': {
      const common: Array<[string, string] | false> = [spec.prefix !== undefined && ['prefix', spec.prefix], spec.keyTemplate !== undefined && ['key', spec.keyTemplate]];
      if (spec.socket !== undefined) {
        const path = spec.socket.split('/').map(enc).join('/');
        return `redis+unix://${path}${query([spec.db !== 0 && ['database', spec.db], ...common])}`;
      }
      const hosts = spec.servers?.map((s) => hostPort(s.host, s.port, s.weight)).join(',') ?? hostPort(spec.host, spec.port);
      const scheme = spec.tls !== undefined ? 'rediss' : 'redis';
      return `${scheme}://${credentials(spec.username, spec.password)}${hosts}${spec.db !== 0 ? `/${spec.db}` : ''}${query([...common, ...tlsQuery(spec.tls, false)])}`;
    }
    case 'redis-cluster':
    case 'redis-sentinel': {
      const nodes = spec.kind === 'redis-cluster' ? spec.seeds : spec.sentinels;
      const path = spec.kind === 'redis-sentinel' ? `/${spec.name}${spec.db !== 0 ? `/${spec.db}` : ''}` : '';
      const q = query([
        spec.prefix !== undefined && ['prefix', spec.prefix],
        spec.keyTemplate !== undefined && ['key', spec.keyTemplate],
        spec.read !== 'master' && ['read', spec.read],
        ...tlsQuery(spec.tls, true),
      ]);
      return `${spec.kind}://${credentials(spec.username, spec.password)}${nodes.map((n) => hostPort(n.host, n.port)).join(',')}${path}${q}`;
    }
    case 'sql':
      return sqlUrl(spec);
  }
}
