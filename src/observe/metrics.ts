/**
 * Prometheus metrics on a registry of our own (no global state, so tests can build several apps).
 * Label children are created once up front: the hot path only increments. Process metrics carry
 * the standard names (`process_*`, `nodejs_*`); every error counter that the path can raise is
 * present at 0 from the start (so `rate()` and alerts work before the first failure); HELP texts
 * name their units.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { ERROR_CATALOGUE, type ErrorCode } from '../errors.js';
import type { StageObserver } from '../pipeline/trace.js';
import { deferredCounts, FastHistogram } from './fast-metrics.js';

export type RequestEndpoint = 'auth' | 'required' | 'text';

export interface Metrics extends StageObserver {
  readonly registry: Registry;
  /** One answer: `/auth`, `/auth/required`, or one id of a text-protocol `isauth` line. */
  request(endpoint: RequestEndpoint, variant: string): void;
  connection(): void;
  /** One decision took `seconds` (from the request to the answer); only with observeDecisions. */
  decision(seconds: number): void;
  /** The store's circuit opened (true) or closed (false): once per change (stores/breaker.ts). */
  circuit(open: boolean): void;
  /** Whether decision() is wanted (the hot path then reads the clock twice per request). */
  readonly observeDecisions: boolean;
  /**
   * `isauth_ready`: the store check behind /readyz (`check` rejects when the store does not
   * answer). Set by every check, and refreshed at a scrape when the last check is older than
   * READY_MAX_AGE_MS — so the gauge is current even where nothing probes /readyz.
   */
  readiness(check: () => Promise<void>): () => Promise<void>;
}

/** A scrape re-checks the store when the last readiness check is older than this. */
export const READY_MAX_AGE_MS = 5000;

/** Codes a store read can fail with, and codes decoding or a cookie codec can fail with. */
const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];
const STORE_CODES = ERROR_CODES.filter((c) => /^STORE_/.test(c) && c !== 'STORE_URL');
const DECODE_CODES = ERROR_CODES.filter((c) => /^(DECODE|VALUE)_/.test(c));
const COOKIE_CODES = ERROR_CODES.filter((c) => /^COOKIE_/.test(c));
const LATENCY_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

export function createMetrics(storeKind: string, variants: readonly string[], version = 'unknown', observeDecisions = true): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'isauth_build_info',
    help: 'Always 1; the labels say which isauth and Node.js run',
    labelNames: ['version', 'nodejs'] as const,
    registers: [registry],
  }).set({ version, nodejs: process.versions.node }, 1);

  // The per-request metrics count locally (fast-metrics.ts): prom-client's own observe/inc cost
  // more than a decision's cookie, key and rules together.
  const requestCounts = deferredCounts<'endpoint' | 'variant'>(() => requests);
  const requests: Counter<'endpoint' | 'variant'> = new Counter({
    name: 'isauth_requests_total',
    help: 'Auth answers (count) by endpoint and variant',
    labelNames: ['endpoint', 'variant'] as const,
    registers: [registry],
    collect: () => requestCounts.flush(),
  });
  const storeSeconds = new FastHistogram('isauth_store_duration_seconds', 'Store read latency in seconds, by result', LATENCY_BUCKETS, registry);
  const decisionSeconds = new FastHistogram(
    'isauth_decision_duration_seconds',
    'Time from an auth request to its answer, in seconds (all stages: cookie, store, decode, rules)',
    LATENCY_BUCKETS,
    registry,
  ).child();
  const storeErrors = new Counter({
    name: 'isauth_store_errors_total',
    help: 'Store reads that failed (count), by error code',
    labelNames: ['store', 'code'] as const,
    registers: [registry],
  });
  const decodeErrors = new Counter({
    name: 'isauth_decode_errors_total',
    help: 'Sessions that could not be decoded (count), by error code',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const cookieRejections = new Counter({
    name: 'isauth_cookie_rejections_total',
    help: 'Session cookies refused by the cookie codec (count; forged, tampered, expired), answered anon, by error code',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const circuitOpen = new Gauge({
    name: 'isauth_store_circuit_open',
    help: '1 while the store is known to hang (circuit open: answers are bypass without asking it, and it is probed), else 0',
    labelNames: ['store'] as const,
    registers: [registry],
  });
  const circuitOpens = new Counter({
    name: 'isauth_store_circuit_opens_total',
    help: 'Times the store\'s circuit opened (count): it answered nothing for a whole deadline',
    labelNames: ['store'] as const,
    registers: [registry],
  });
  circuitOpen.labels(storeKind).set(0);
  circuitOpens.labels(storeKind).inc(0);
  const hitCounts = deferredCounts<never>(() => cacheHitsTotal);
  const cacheHitsTotal: Counter<never> = new Counter({
    name: 'isauth_decision_cache_hits_total',
    help: 'Decisions answered from the decision cache (count): the session was unchanged since it was decided (files store; --decision-cache)',
    registers: [registry],
    collect: () => hitCounts.flush(),
  });
  const cacheHits = hitCounts.child({});
  const connections = new Counter({
    name: 'isauth_connections_total',
    help: 'TCP/unix connections accepted (count; nginx keepalive keeps this low)',
    registers: [registry],
  });

  let lastCheck = 0;
  let refresh: (() => Promise<void>) | undefined;
  const ready = new Gauge({
    name: 'isauth_ready',
    help: '1 when the last check of the session store answered (as /readyz: 200), 0 when it failed (503); checked at start, by /readyz, and at a scrape when older than 5 s',
    labelNames: ['store'] as const,
    registers: [registry],
    async collect() {
      if (refresh !== undefined && Date.now() - lastCheck > READY_MAX_AGE_MS) await refresh().catch(() => undefined);
    },
  });
  const readyChild = ready.labels(storeKind);
  readyChild.set(0);

  const allVariants = ['auth', 'anon', 'bypass', ...variants];
  /** Label children made once per (endpoint, variant): the hot path only looks one up. */
  const children = (endpoint: RequestEndpoint) =>
    new Map(allVariants.map((v) => [v, requestCounts.child({ endpoint, variant: v })] as const));
  const reqChildren = { auth: children('auth'), required: children('required'), text: children('text') };
  const readOk = storeSeconds.child({ store: storeKind, result: 'ok' });
  const readFail = storeSeconds.child({ store: storeKind, result: 'error' });
  for (const c of [...STORE_CODES, 'INTERNAL']) storeErrors.labels(storeKind, c).inc(0);
  for (const c of [...DECODE_CODES, 'INTERNAL']) decodeErrors.labels(c).inc(0);
  for (const c of COOKIE_CODES) cookieRejections.labels(c).inc(0);

  return {
    registry,
    request(endpoint, variant) {
      (reqChildren[endpoint].get(variant) ?? requests.labels(endpoint, variant)).inc();
    },
    connection() {
      connections.inc();
    },
    observeDecisions,
    circuit(open) {
      circuitOpen.labels(storeKind).set(open ? 1 : 0);
      if (open) circuitOpens.labels(storeKind).inc();
    },
    decision(seconds) {
      decisionSeconds.observe(seconds);
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
    decisionCached() {
      cacheHits.inc();
    },
    readiness(check) {
      const checked = async (): Promise<void> => {
        lastCheck = Date.now();
        try {
          await check();
          readyChild.set(1);
        } catch (err) {
          readyChild.set(0);
          throw err;
        }
      };
      refresh = checked;
      return checked;
    },
  };
}
