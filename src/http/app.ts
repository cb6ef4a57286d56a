/**
 * The HTTP face of isauth: the hot auth route (auth-route.ts) served straight from node:http,
 * everything else (`/healthz`, `/readyz`, `/metrics`, 404s) by fastify on the same server.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { SessionPath } from '../pipeline/path.js';
import { authEndpoint, authRoute } from './auth-route.js';
import { createFailureLog } from './failure-log.js';
import { inspectRoutes, type InspectOptions } from './inspect.js';
import type { Metrics } from './metrics.js';

export interface AppOptions {
  readonly path: SessionPath;
  /** Short store name for logs ('files', 'memcached', 'redis'). */
  readonly storeKind: string;
  /** Resolves when the store is reachable (what /readyz reports). */
  readonly verifyStore: () => Promise<void>;
  readonly metrics: Metrics | undefined;
  readonly logger: Logger;
  readonly cookieName: string;
  /** Name of the header that may carry the session id (e.g. `X-Session-Id`); '' for none. */
  readonly sessionHeader: string;
  /** `GET /sessions/:id…` (src/http/inspect.ts); 401 for everything when the token is ''. */
  readonly inspect?: InspectOptions;
}

export function buildApp(opts: AppOptions): FastifyInstance {
  const { storeKind, verifyStore, metrics, logger } = opts;
  let closing = false;
  const auth = authRoute({ ...opts, onBypass: createFailureLog(logger, storeKind), closing: () => closing });

  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // Quiet per request: the auth route logs its own debug line (with a redacted id).
    logController: new LogController({ disableRequestLogging: true }),
    // While draining, keep answering (with `Connection: close`): a 503 with a body would make
    // nginx's auth_request fail with a 500 instead of getting a usable variant.
    return503OnClosing: false,
    serverFactory(fastifyHandler) {
      const server = createServer((req: IncomingMessage, res: ServerResponse) => {
        const endpoint = authEndpoint(req);
        if (endpoint !== undefined) auth(req, res, endpoint);
        else fastifyHandler(req, res);
      });
      // Longer than nginx's upstream keepalive_timeout (60 s), so nginx closes idle connections
      // first and never sends a request on a connection Node is closing.
      server.keepAliveTimeout = 75_000;
      server.requestTimeout = 10_000;
      return server;
    },
  });
  app.addHook('onClose', async () => {
    closing = true;
  });

  if (metrics) app.server.on('connection', () => metrics.connection());

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

  if (opts.inspect) app.register(inspectRoutes, opts.inspect);

  if (metrics) {
    app.get('/metrics', async (_req, reply) => {
      reply.header('content-type', metrics.registry.contentType).send(await metrics.registry.metrics());
    });
  }

  return app;
}
