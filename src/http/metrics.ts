/**
 * Prometheus metrics on a registry of our own (no global state, so tests can build several apps).
 * Label children are created once up front: the hot path only increments.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ErrorCode } from '../errors.js';
import type { PathObserver } from '../pipeline/path.js';

export type RequestEndpoint = 'auth' | 'required' | 'text';

export interface Metrics extends PathObserver {
  readonly registry: Registry;
  /** One answer: `/auth`, `/auth/required`, or one id of a text-protocol `isauth` line. */
  request(endpoint: RequestEndpoint, variant: string): void;
  connection(): void;
}

export function createMetrics(storeKind: string, variants: readonly string[]): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'isauth_' });

  const requests = new Counter({
    name: 'isauth_requests_total',
    help: 'Auth answers by endpoint and variant',
    labelNames: ['endpoint', 'variant'] as const,
    registers: [registry],
  });
  const storeSeconds = new Histogram({
    name: 'isauth_store_duration_seconds',
    help: 'Store read latency',
    labelNames: ['store', 'result'] as const,
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  const storeErrors = new Counter({
    name: 'isauth_store_errors_total',
    help: 'Store reads that failed, by error code',
    labelNames: ['store', 'code'] as const,
    registers: [registry],
  });
  const decodeErrors = new Counter({
    name: 'isauth_decode_errors_total',
    help: 'Sessions that could not be decoded, by error code',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const cookieRejections = new Counter({
    name: 'isauth_cookie_rejections_total',
    help: 'Session cookies refused by the cookie codec (forged, tampered, expired), answered anon, by error code',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const connections = new Counter({
    name: 'isauth_connections_total',
    help: 'TCP/unix connections accepted (nginx keepalive keeps this low)',
    registers: [registry],
  });

  const allVariants = ['auth', 'anon', 'bypass', ...variants];
  /** Label children made once per (endpoint, variant): the hot path only looks one up. */
  const children = (endpoint: RequestEndpoint) =>
    new Map(allVariants.map((v) => [v, requests.labels(endpoint, v)] as const));
  const reqChildren = { auth: children('auth'), required: children('required'), text: children('text') };
  const readOk = storeSeconds.labels(storeKind, 'ok');
  const readFail = storeSeconds.labels(storeKind, 'error');

  return {
    registry,
    request(endpoint, variant) {
      (reqChildren[endpoint].get(variant) ?? requests.labels(endpoint, variant)).inc();
    },
    connection() {
      connections.inc();
    },
    storeRead(seconds, ok) {
      (ok ? readOk : readFail).observe(seconds);
    },
    storeError(code: ErrorCode) {
      storeErrors.labels(storeKind, code).inc();
    },
    decodeError(code: ErrorCode) {
      decodeErrors.labels(code).inc();
    },
    cookieRejected(code: ErrorCode) {
      cookieRejections.labels(code).inc();
    },
  };
}
