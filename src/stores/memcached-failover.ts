/**
 * Read a key from the servers of its Route (memcached-route.ts) within ONE deadline:
 * - a server that cannot be reached (refused, broken, hung past its share of the time) → the next;
 *   every server but the last gets half of the time left, so a hung first server still leaves
 *   time for the copy; no load ever exceeds timeoutMs;
 * - a miss ends the read unless the route says misses move on (pecl memcache);
 * - when no server could be reached the last error is thrown (STORE_UNAVAILABLE/STORE_TIMEOUT →
 *   `bypass`); when at least one answered "absent" and none has the session, null — what PHP sees.
 */
import { IsauthError } from '../errors.js';
import type { MemcachedConnection } from './memcached-conn.js';
import type { Route } from './memcached-route.js';
import type { StoredValue } from './types.js';

const MOVE_ON: ReadonlySet<string> = new Set(['STORE_UNAVAILABLE', 'STORE_TIMEOUT']);

export async function readWithFailover(
  conns: readonly MemcachedConnection[],
  route: Route,
  key: string,
  timeoutMs: number,
): Promise<StoredValue | null> {
  const end = performance.now() + timeoutMs;
  let lastError: unknown;
  let answered = false;
  for (let i = 0; i < route.servers.length; i++) {
    const left = end - performance.now();
    if (left < 1) break;
    const last = i === route.servers.length - 1;
    try {
      const v = await conns[route.servers[i]!]!.get(key, last ? left : left / 2);
      if (v !== null || !route.missMovesOn) return v;
      answered = true;
    } catch (err) {
      if (!(err instanceof IsauthError) || !MOVE_ON.has(err.code)) throw err;
      lastError = err;
    }
  }
  if (answered || lastError === undefined) return null;
  throw lastError;
}
