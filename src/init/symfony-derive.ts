/**
 * Symfony 5.4's `framework.session` (as `debug:config` printed it) → isauth options, following
 * FrameworkExtension::registerSessionConfiguration and SessionHandlerFactory::createHandler:
 *
 *   name            → --cookie        (null: PHP's session.name, from php.ini)
 *   gc_maxlifetime  → --max-age       (null: PHP's session.gc_maxlifetime)
 *   handler_id:
 *     null                          PHP's own handler: --store from php.ini and the pool
 *     session.handler.native_file   files:<save_path> (PHP's files handler, `sess_` files)
 *     file://DIR                    files:DIR
 *     memcached://…, memcached:?host[…]
 *                                   memcached://…?prefix=<the DSN's prefix, else sf2s>
 *     redis://…, rediss://…         redis://…?prefix=<the DSN's prefix, else sf_s>
 *     mysql://…, pgsql://…          mysql://… | postgres://…?schema=symfony (PdoSessionHandler)
 *     another service id            a problem: give --store
 * The serializer is always PHP's session.serialize_handler (Symfony's native storage runs PHP's
 * session module), from php.ini and the pool.
 */
import { SYMFONY_PREFIX } from '../profiles/symfony.js';
import { DerivationBuilder, type Derivation } from './derived.js';
import { derivePhpSessions, type PhpSetup } from './php.js';
import { memcachedUrl, redisUrl, sqlUrl, type ServerAddress } from './store-urls.js';

export interface SymfonySession {
  readonly session: Readonly<Record<string, string | number | boolean | null>>;
  /** Values of `%env(…)%` settings, as Symfony resolved them (key: the setting). */
  readonly resolved: Readonly<Record<string, string>>;
}

const F = (key: string): string => `framework.session.${key}`;

/** `memcached://[user:pass@]host[:port][?…]` or `memcached:?host[h:p]&host[h2:p2]…` → servers + query. */
function memcachedDsn(dsn: string): { servers: ServerAddress[]; query: URLSearchParams; auth: boolean } | undefined {
  const qAt = dsn.indexOf('?');
  const query = new URLSearchParams(qAt < 0 ? '' : dsn.slice(qAt + 1));
  const servers: ServerAddress[] = [];
  const head = (qAt < 0 ? dsn : dsn.slice(0, qAt)).replace(/^memcached:(\/\/)?/, '');
  const auth = head.includes('@');
  const hostPart = auth ? head.slice(head.lastIndexOf('@') + 1) : head;
  for (const item of hostPart.split(',').filter((s) => s !== '')) {
    const m = /^(\[[^\]]+\]|[^:/]+)(?::(\d{1,5}))?$/.exec(item);
    if (!m) return undefined;
    servers.push({ host: m[1]!.replace(/^\[|\]$/g, ''), port: m[2] === undefined ? 11211 : Number(m[2]) });
  }
  for (const [k, v] of [...query.entries()]) {
    const hm = /^host\[([^\]]+)\]$/.exec(k);
    if (!hm) continue;
    const m = /^(.*?)(?::(\d{1,5}))?$/.exec(hm[1]!)!;
    servers.push(m[1]!.startsWith('/') ? { host: m[1]!, port: 0 } : { host: m[1]!, port: m[2] === undefined ? 11211 : Number(m[2]) });
    query.delete(k);
    void v;
  }
  return servers.length > 0 ? { servers, query, auth } : undefined;
}

function storeFromDsn(dsn: string, origin: string, b: DerivationBuilder): void {
  const qAt = dsn.indexOf('?');
  const params = new URLSearchParams(qAt < 0 ? '' : dsn.slice(qAt + 1));
  if (dsn.startsWith('file://')) {
    const dir = dsn.slice('file://'.length);
    if (dir.startsWith('/')) b.set('store', `files:${dir}`, origin);
    else b.problem(`${origin}: "file://" without an absolute directory (PHP's session.save_path then): give --store files:/dir`);
  } else if (dsn.startsWith('memcached:')) {
    const parsed = memcachedDsn(dsn);
    if (parsed === undefined || parsed.auth) {
      b.problem(`${origin}: a memcached DSN isauth cannot take over (credentials, or a server it cannot read): give --store`);
      return;
    }
    const unknown = [...parsed.query.keys()].filter((k) => !['prefix', 'ttl', 'weight', 'persistent_id'].includes(k));
    if (unknown.length > 0 && parsed.servers.length > 1) {
      b.problem(`${origin}: client options (${unknown.join(', ')}) may change which server holds a session: give --store with &hash=`);
      return;
    }
    b.set('store', memcachedUrl(parsed.servers, { prefix: parsed.query.get('prefix') ?? SYMFONY_PREFIX.memcached }), origin);
  } else if (/^rediss?:\/\//.test(dsn)) {
    let u: URL;
    try {
      u = new URL(dsn);
    } catch {
      b.problem(`${origin}: a Redis DSN isauth cannot read: give --store`);
      return;
    }
    if (u.hostname === '' || [...u.searchParams.keys()].some((k) => /^host\[/.test(k) || k === 'redis_sentinel' || k === 'redis_cluster')) {
      b.problem(`${origin}: several Redis hosts, Sentinel or Cluster: give --store (redis-cluster://, redis-sentinel://)`);
      return;
    }
    const db = u.pathname.replace(/^\//, '') || u.searchParams.get('dbindex') || '0';
    b.set('store', redisUrl({
      tls: u.protocol === 'rediss:', host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port || 6379),
      user: u.password ? decodeURIComponent(u.username) || undefined : undefined,
      // Symfony's `redis://PASSWORD@host`: a user part alone is the password.
      password: decodeURIComponent(u.password || u.username) || undefined,
      database: /^\d+$/.test(db) ? Number(db) : 0,
    }, { prefix: params.get('prefix') ?? SYMFONY_PREFIX.redis }), origin);
  } else if (/^(mysql2?|pgsql|postgres(ql)?):\/\//.test(dsn)) {
    let u: URL;
    try {
      u = new URL(dsn);
    } catch {
      b.problem(`${origin}: a database DSN isauth cannot read: give --store`);
      return;
    }
    const other = [...u.searchParams.keys()].filter((k) => k !== 'prefix' && k !== 'ttl');
    if (other.length > 0) {
      b.problem(`${origin}: PdoSessionHandler options (${other.join(', ')}): give --store with table=, id=, data=… (docs/sql.md)`);
      return;
    }
    const kind = u.protocol.startsWith('mysql') ? 'mysql' : 'postgres';
    b.set('store', sqlUrl({
      kind, host: u.hostname, port: Number(u.port || (kind === 'mysql' ? 3306 : 5432)), database: decodeURIComponent(u.pathname.replace(/^\//, '')),
      user: decodeURIComponent(u.username) || undefined, password: decodeURIComponent(u.password) || undefined,
    }, { schema: 'symfony' }), origin);
  } else {
    b.problem(`${origin}: isauth init reads Symfony's native handlers and file://, memcached://, redis://, mysql:// and pgsql:// DSNs; give --store`);
  }
}

export function deriveSymfony(s: SymfonySession, php: PhpSetup, env: NodeJS.ProcessEnv): Derivation {
  const b = new DerivationBuilder();
  b.set('framework', 'symfony', 'bin/console and config/packages/: a Symfony application');
  const value = (key: string): { v: unknown; origin: string } => {
    const v = s.session[key];
    return key in s.resolved ? { v: s.resolved[key], origin: `${F(key)} = ${String(v)}` } : { v, origin: F(key) };
  };
  const name = value('name');
  if (typeof name.v === 'string' && name.v !== '') b.set('cookie', name.v, name.origin);
  const life = value('gc_maxlifetime');
  if (typeof life.v === 'number' || (typeof life.v === 'string' && /^\d+$/.test(life.v))) b.set('maxAge', String(life.v), life.origin);
  const handler = value('handler_id');
  const savePath = value('save_path');
  if (handler.v === null || handler.v === undefined) {
    b.note(`${F('handler_id')} is null: PHP's own session handler, as php.ini and the pool set it`);
  } else if (handler.v === 'session.handler.native_file') {
    if (typeof savePath.v === 'string' && savePath.v.replace(/^\d+;(\d+;)?/, '').startsWith('/')) {
      b.set('store', `files:${savePath.v}`, `${F('handler_id')} = session.handler.native_file, ${savePath.origin}`);
    } else b.problem(`${F('save_path')} is not an absolute directory: give --store files:/dir`);
  } else if (typeof handler.v === 'string' && /^[a-z0-9+]+:/.test(handler.v)) {
    storeFromDsn(handler.v, handler.origin, b);
  } else {
    b.problem(`${F('handler_id')} = ${String(handler.v)} is a service of the application: isauth init cannot see where it keeps sessions; give --store (and ?prefix=)`);
  }
  // PHP's settings: the serializer always; the store, cookie and lifetime where Symfony left them.
  const fromPhp = new Set(['serializer', ...(['cookie', 'maxAge'] as const).filter((k) => !b.has(k))]);
  if (handler.v === null || handler.v === undefined) fromPhp.add('store');
  b.merge(derivePhpSessions(php, env, fromPhp));
  return b.build('Symfony');
}
