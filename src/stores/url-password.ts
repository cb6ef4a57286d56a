/**
 * `--store-password`: a password kept apart from the store URL (a Docker or Kubernetes secret, a
 * systemd credential, `--store-password-file`), joined to the PARSED spec. Only stores that log in
 * take one (Redis AUTH, MySQL/MariaDB, PostgreSQL); a URL that already holds a password is an
 * error rather than a silent choice between the two. Messages never quote the password.
 */
import type { StoreSpec } from './types.js';

export function withStorePassword(spec: StoreSpec, password: string): StoreSpec | { error: string } {
  switch (spec.kind) {
    case 'redis':
    case 'redis-cluster':
    case 'redis-sentinel':
    case 'sql':
      if (spec.password !== undefined) return { error: 'the --store URL holds a password too: give it in one place' };
      return Object.freeze({ ...spec, password });
    default:
      return { error: `a ${spec.kind} store takes no password (only redis, redis-cluster, redis-sentinel, mysql and postgres log in)` };
  }
}
