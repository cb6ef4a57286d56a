/**
 * The HTTP face of isauth. `/auth` always answers 200 with an EMPTY body (nginx keeps its upstream
 * connection only for bodiless replies) and the decision in headers; `/auth/required` maps the
 * decision to 200/401/503 for protect mode.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Checker } from '../check/checker.js';
import type { Outcome } from '../check/outcome.js';
import { redactId, sessionIdOf } from '../session-id/index.js';
import { createFailureLog } from './failure-log.js';
import type { Metrics } from './metrics.js';

export interface AppOptions {
  readonly check: Checker;
  /** Short store name for logs ('files', 'memcached', 'redis'). */
  readonly storeKind: string;
  /** Resolves when the store is reachable (what /readyz reports). */
  readonly verifyStore: () => Promise<void>;
  readonly metrics: Metrics | undefined;
  readonly logger: Logger;
  readonly cookieName: string;
  /** Lower-case name of the header that may carry the session id (e.g. `x-session-id`). */
  readonly sessionHeader: string;
}

const REQUIRED_STATUS = { '1': 200, '0': 401, unknown: 503 } as const;

export function buildApp(opts: AppOptions): FastifyInstance {
  const { check, storeKind, verifyStore, metrics, cookieName } = opts;
  const sessionHeader = opts.sessionHeader.toLowerCase();
  const app = Fastify({
    loggerInstance: opts.logger as FastifyBaseLogger,
    // Quiet per request: our own debug line (with a redacted id) replaces fastify's.
    logController: new LogController({ disableRequestLogging: true }),
    // Longer than nginx's upstream keepalive_timeout (60 s), so nginx closes idle connections
    // first and never sends a request on a connection Node is closing.
    keepAliveTimeout: 75_000,
    requestTimeout: 10_000,
    // While draining, keep answering (with `Connection: close`): a 503 with a body would make
    // nginx's auth_request fail with a 500 instead of getting a usable variant.
    return503OnClosing: false,
  });
  const debug = opts.logger.isLevelEnabled('debug');
  const logFailure = createFailureLog(opts.logger, storeKind);

  if (metrics) app.server.on('connection', () => metrics.connection());

  async function decideFor(req: FastifyRequest): Promise<Outcome> {
    const id = sessionIdOf(req.headers[sessionHeader], req.headers.cookie, cookieName);
    const outcome = await check(id);
    if (outcome.variant === 'bypass') logFailure(outcome);
    if (debug) {
      req.log.debug(
        { sid: id === undefined ? null : redactId(id), variant: outcome.variant, reason: outcome.reason, code: outcome.code },
        'auth decision',
      );
    }
    return outcome;
  }

  function answer(reply: FastifyReply, outcome: Outcome, status: number): void {
    reply
      .code(status)
      .header('x-cache-variant', outcome.variant)
      .header('x-auth-state', outcome.state)
      .header('cache-control', 'no-store')
      .send();
  }

  app.get('/auth', async (req, reply) => {
    const outcome = await decideFor(req);
    metrics?.request('auth', outcome.variant);
    answer(reply, outcome, 200);
  });

  app.get('/auth/required', async (req, reply) => {
    const outcome = await decideFor(req);
    metrics?.request('required', outcome.variant);
    answer(reply, outcome, REQUIRED_STATUS[outcome.state]);
  });

  app.get('/healthz', async (_req, reply) => {
    reply.header('cache-control', 'no-store').send('ok\n');
  });

  app.get('/readyz', async (req, reply) => {
    try {
      await verifyStore();
      reply.header('cache-control', 'no-store').send('ready\n');
    } catch (err) {
      // Details go to the log, never into the reply.
      req.log.warn({ err, store: storeKind }, 'readiness check failed');
      reply.code(503).header('cache-control', 'no-store').send('not ready\n');
    }
  });

  if (metrics) {
    app.get('/metrics', async (_req, reply) => {
      reply.header('content-type', metrics.registry.contentType).send(await metrics.registry.metrics());
    });
  }

  return app;
}
