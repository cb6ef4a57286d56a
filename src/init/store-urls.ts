/**
 * Store URLs (`--store`, docs/scaling.md, docs/sql.md) built from a framework's settings. Query
 * values are percent-encoded except `:`, which the parsers read as it is (and people too);
 * user names and passwords are percent-encoded.
 */

export const q = (v: string): string => encodeURIComponent(v).replace(/%3A/gi, ':');

function query(params: Readonly<Record<string, string | undefined>>): string {
  const pairs = Object.entries(params).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${q(v as string)}`);
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

function userInfo(user: string | undefined, password: string | undefined): string {
  if (!user && !password) return '';
  return `${user ? encodeURIComponent(user) : ''}${password ? `:${encodeURIComponent(password)}` : ''}@`;
}

const hostText = (h: string): string => (h.includes(':') && !h.startsWith('[') ? `[${h}]` : h);

export interface ServerAddress {
  readonly host: string;
  readonly port: number;
}

/** `memcached://h:p,h:p?…`; a host that is a path (a unix socket) is written as the path. */
export function memcachedUrl(servers: readonly ServerAddress[], params: Readonly<Record<string, string | undefined>> = {}): string {
  const list = servers.map((s) => (s.host.startsWith('/') ? s.host : `${hostText(s.host)}:${s.port}`));
  return `memcached://${list.join(',')}${query(params)}`;
}

export interface RedisTarget {
  readonly tls?: boolean;
  readonly host: string;
  readonly port: number;
  readonly user?: string | undefined;
  readonly password?: string | undefined;
  readonly database?: number;
}

/**
 * `redis://[user:pass@]host:port/db?…` (`rediss://` with TLS); a socket is `redis+unix:///path?database=N`,
 * which carries no credentials (the caller refuses a password with a socket).
 */
export function redisUrl(t: RedisTarget, params: Readonly<Record<string, string | undefined>> = {}): string {
  if (t.host.startsWith('/')) {
    return `redis+unix://${t.host}${query({ database: t.database ? String(t.database) : undefined, ...params })}`;
  }
  return `${t.tls ? 'rediss' : 'redis'}://${userInfo(t.user, t.password)}${hostText(t.host)}:${t.port}${t.database ? `/${t.database}` : ''}${query(params)}`;
}

export interface SqlTarget {
  readonly kind: 'mysql' | 'postgres';
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user?: string | undefined;
  readonly password?: string | undefined;
}

/** `mysql://user:pass@host:port/db?schema=…` or `postgres://…`. */
export function sqlUrl(t: SqlTarget, params: Readonly<Record<string, string | undefined>>): string {
  return `${t.kind}://${userInfo(t.user, t.password)}${hostText(t.host)}:${t.port}/${encodeURIComponent(t.database)}${query(params)}`;
}
