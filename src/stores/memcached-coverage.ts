/**
 * Whether every session still has a reachable copy while some memcached servers are down — what
 * `verify()` (and so /readyz) asks when the writer keeps copies:
 * - php-memcached `replicas=N`: a session is on its primary and the next N servers in save_path
 *   order (cyclic), and any server can be some session's primary: every window of N + 1
 *   consecutive servers must hold a live one.
 * - pecl memcache `redundancy=R`: a session is on R DISTINCT servers of its own sequence, which
 *   this check does not enumerate: fewer than min(R, servers) down is enough (conservative — with
 *   more down, some session may have lost every copy).
 * - no copies: every server must be up.
 */
import type { StoreSpec } from './types.js';

type MemcachedSpec = Extract<StoreSpec, { kind: 'memcached' }>;

export function everySessionReachable(spec: MemcachedSpec, up: readonly boolean[]): boolean {
  const n = up.length;
  const down = up.filter((u) => !u).length;
  if (down === 0) return true;
  if (spec.pecl !== undefined) return down < Math.min(spec.pecl.redundancy, n);
  const window = Math.min((spec.replicas ?? 0) + 1, n);
  for (let start = 0; start < n; start++) {
    if (!Array.from({ length: window }, (_, i) => up[(start + i) % n]).some(Boolean)) return false;
  }
  return true;
}
