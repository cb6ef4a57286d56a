/**
 * `/healthz`, `/readyz` and `/metrics`, on the main address and — with `--metrics-listen` — on an
 * address of their own (then `/metrics` is served only there). Readiness changes are logged once
 * per change of state (one line, the reason, no stack), never once per probe.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { SAFE_SERIALIZERS } from '../observe/log-safety.js';
import type { Metrics } from '../observe/metrics.js';

/**
 * Wraps the store check: the first failure and every change of state are logged (warn when it
 * fails, info when it works again); the result is passed on as it is.
 */
export function loggedReadiness(verify: () => Promise<void>, logger: Logger, store: string): () => Promise<void> {
  let failing: string | undefined;
  return async () => {
    try {
      await verify();
      if (failing !== undefined) logger.info({ store }, 'readiness: the session store is reachable again');
      failing = undefined;
    } catch (err) {
      const e = err as { code?: string; message?: string };
      const reason = `${e.code ?? 'error'}: ${e.message ?? String(err)}`;
      if (reason !== failing) logger.warn({ store, code: e.code, reason: e.message }, 'readiness: the session store is not reachable; /readyz answers 503');
      failing = reason;
      throw err;
    }
  };
}

export interface HealthOptions {
  readonly verifyStore: () => Promise<void>;
  /** Serve /metrics from this app (undefined: not here). */
  readonly metrics: Metrics | undefined;
}

export function healthRoutes(app: FastifyInstance, opts: HealthOptions): void {
  app.get('/healthz', async (_req, reply) => {
    reply.header('cache-control', 'no-store').send('ok\n');
  });
  app.get('/readyz', async (_req, reply) => {
    try {
      await opts.verifyStore();
      reply.header('cache-control', 'no-store').send('ready\n');
    } catch {
      // Logged by loggedReadiness once per change of state; details never go into the reply.
      reply.code(503).header('cache-control', 'no-store').send('not ready\n');
    }
  });
  const metrics = opts.metrics;
  if (metrics) {
    app.get('/metrics', async (_req, reply) => {
      reply.header('content-type', metrics.registry.contentType).send(await metrics.registry.metrics());
    });
  }
}

/** The `--metrics-listen` app: health and metrics only. */
export function buildMetricsApp(opts: HealthOptions & { readonly logger: Logger }): FastifyInstance {
  const app = Fastify({
    loggerInstance: opts.logger.child({}, { serializers: SAFE_SERIALIZERS }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
  });
  healthRoutes(app, opts);
  return app;
}
