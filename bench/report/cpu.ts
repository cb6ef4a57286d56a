/**
 * CPU per request from a measurement's cores (cores busy ÷ req/s), and the figure issue 18's
 * targets are stated in: the ADDED SERVER CPU PER PAGE — everything the server side spent per
 * request (nginx, isauth, php-fpm, memcached, the store server; not the load generator, not
 * `other`) minus what `limit` (no auth check) spent. It is what an auth check costs a site per
 * page, whatever process pays it.
 */
import type { SetupResult } from '../measure.js';

/** The process groups on the server side of a page. */
export const SERVER_GROUPS = ['nginx', 'isauth', 'php-fpm', 'node', 'memcached', 'store'] as const;

/** µs of CPU per request for one group, or undefined when not measured. */
export function usPerRequest(r: SetupResult, group: string): number | undefined {
  const c = r.cores[group];
  return c === undefined || r.rps === 0 ? undefined : (c / r.rps) * 1e6;
}

/** µs of server-side CPU per request (SERVER_GROUPS summed). */
export function serverUs(r: SetupResult): number | undefined {
  if (r.rps === 0) return undefined;
  return SERVER_GROUPS.reduce((sum, g) => sum + (usPerRequest(r, g) ?? 0), 0);
}

/** Server CPU per page added to `limit`'s; undefined for the direct setups (no page) or without limit. */
export function addedUs(r: SetupResult, results: readonly SetupResult[]): number | undefined {
  const limit = results.find((x) => x.name === 'limit');
  if (limit === undefined || r.name.startsWith('direct') || r.name === 'limit') return undefined;
  const a = serverUs(r);
  const b = serverUs(limit);
  return a === undefined || b === undefined ? undefined : a - b;
}
