/** Pieces shared by the store URL parsers (url.ts, url-memcached.ts, url-redis.ts). Pure. */

/** A host name or IPv4 address as the URLs and `--listen` take it (letters, digits, `.` and `-`). */
export const HOSTNAME = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}[A-Za-z0-9])?$/;
const IPV6 = /^\[([0-9A-Fa-f:.]{2,45})\]$/;

export type Failed = { error: string };

/** `?a=b&c=d` → map; errors on unknown or repeated keys and on bad percent-encoding. */
export function parseQuery(query: string, allowed: readonly string[], what: string): Map<string, string> | Failed {
  const out = new Map<string, string>();
  if (query === '') return out;
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    let value: string;
    try {
      value = decodeURIComponent(eq < 0 ? '' : pair.slice(eq + 1).replace(/\+/g, ' '));
    } catch {
      return { error: `${what}: bad percent-encoding in "${pair}"` };
    }
    if (!allowed.includes(key)) return { error: `${what}: unknown option "${key}" (known: ${allowed.join(', ')})` };
    if (out.has(key)) return { error: `${what}: option "${key}" given twice` };
    out.set(key, value);
  }
  return out;
}

export function parsePort(s: string, what: string): number | Failed {
  if (!/^\d{1,5}$/.test(s) || Number(s) < 1 || Number(s) > 65535) return { error: `${what}: bad port "${s}"` };
  return Number(s);
}

/** A small non-negative integer option (`?replicas=`, `?redundancy=`, `?database=`). */
export function parseCount(s: string, min: number, max: number, what: string): number | Failed {
  if (!/^\d{1,5}$/.test(s) || Number(s) < min || Number(s) > max) return { error: `${what} "${s}" must be ${min}..${max}` };
  return Number(s);
}

export interface HostItem {
  /** As written (IPv6 without its brackets). */
  host: string;
  port: number;
  /** The third `:`-field, when given. */
  weight?: number;
}

/** `host[:port[:weight]]` or `[v6addr][:port[:weight]]`. */
export function parseHostItem(item: string, defaultPort: number, what: string): HostItem | Failed {
  let host: string;
  let rest: string[];
  const v6 = /^(\[[^\]]*\])(.*)$/.exec(item);
  if (v6) {
    const m = IPV6.exec(v6[1]!);
    if (!m || (v6[2] !== '' && !v6[2]!.startsWith(':'))) return { error: `${what}: bad server "${item}"` };
    host = m[1]!;
    rest = v6[2] === '' ? [] : v6[2]!.slice(1).split(':');
  } else {
    [host = '', ...rest] = item.split(':');
    if (!HOSTNAME.test(host)) return { error: `${what}: bad server "${item}"` };
  }
  const [portStr, weightStr, ...extra] = rest;
  if (extra.length > 0) return { error: `${what}: bad server "${item}"` };
  const port = portStr === undefined ? defaultPort : parsePort(portStr, what);
  if (typeof port !== 'number') return port;
  if (weightStr === undefined) return { host, port };
  if (!/^\d{1,6}$/.test(weightStr)) return { error: `${what}: bad weight in "${item}"` };
  return { host, port, weight: Number(weightStr) };
}

/**
 * `?key=` template for sites with their own save handler: `{id}` exactly once, printable ASCII
 * (no spaces where the medium forbids them), at most 200 characters.
 */
export function parseKeyTemplate(t: string, spaces: boolean, what: string): string | Failed {
  const chars = spaces ? /^[\x20-\x7e]{1,200}$/ : /^[\x21-\x7e]{1,200}$/;
  if (!chars.test(t) || t.split('{id}').length !== 2) {
    return { error: `${what}: key template must contain {id} once, in at most 200 printable ASCII characters${spaces ? '' : ' without spaces'}` };
  }
  return t;
}
