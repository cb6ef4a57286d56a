/**
 * The operator-facing parts of one service: store health and readiness logged once per change,
 * `--access-log`, `--metrics-listen`, the throttled failure log, and the drain at shutdown.
 */
import type { Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../options/schema.js';
import { createFailureLog, type FailureLog } from '../observe/failure-log.js';
import { buildMetricsApp, loggedReadiness } from '../http/health.js';
import { listen } from '../http/listen.js';
import type { Metrics } from '../observe/metrics.js';
import { PROBE_EVERY_MS, type CircuitEvent } from '../stores/breaker.js';

/** How long a draining service keeps its listener open, answering `Connection: close`. */
export const DRAIN_MS = 1000;

export interface Observability {
  /** For StoreOptions.onHealth: a line when reads start failing (path + errno, reason), one when they work again. */
  readonly onStoreHealth: (problem: string | undefined) => void;
  /** For StoreOptions.onCircuit: one line when the store's circuit opens, one when it closes. */
  readonly onStoreCircuit: (e: CircuitEvent) => void;
  readonly failureLog: FailureLog;
  readonly accessLog: Logger | undefined;
  /** The store check behind /readyz, logging changes of state. */
  readiness(verify: () => Promise<void>, storeKind: string): () => Promise<void>;
  /** Start the `--metrics-listen` app, if configured; returns its address. */
  listenMetrics(verifyStore: () => Promise<void>, metrics: Metrics | undefined): Promise<string | undefined>;
  close(): Promise<void>;
}

export function observability(config: Config, logger: Logger, storeKind: string): Observability {
  let metricsApp: FastifyInstance | undefined;
  const failureLog = createFailureLog(logger, storeKind);
  return {
    onStoreHealth(problem) {
      if (problem !== undefined) logger.warn({ reason: problem }, 'session store reads fail; answering bypass');
      else logger.info('session store reads work again');
    },
    onStoreCircuit(e) {
      if (e.open) logger.warn({ store: e.store, silentMs: e.ms, probeEveryMs: PROBE_EVERY_MS }, 'session store not answering: circuit open, answering bypass at once while probing it');
      else logger.info({ store: e.store, openMs: e.ms }, 'session store answers again: circuit closed');
    },
    failureLog,
    accessLog: config.accessLog ? logger.child({ log: 'access' }, { level: 'info' }) : undefined,
    readiness: (verify, kind) => loggedReadiness(verify, logger, kind),
    async listenMetrics(verifyStore, metrics) {
      if (config.metricsListen === null) return undefined;
      metricsApp = buildMetricsApp({ verifyStore, metrics, logger });
      return listen(metricsApp, config.metricsListen, config.socketMode);
    },
    async close() {
      failureLog.flush();
      await metricsApp?.close();
    },
  };
}

/**
 * Keep listening for up to `ms` while answers carry `Connection: close`, so nginx retires each
 * kept-alive connection after a complete answer instead of finding it reset; stops early when no
 * connection is left. Idle connections are closed only after this (by the caller).
 */
export async function drain(server: Server, ms = DRAIN_MS): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const open = await new Promise<number>((r) => server.getConnections((_e, n) => r(n ?? 0)));
    if (open === 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}
