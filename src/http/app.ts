/**
 * The HTTP face of isauth: the hot auth route (auth-route.ts) served straight from node:http,
 * everything else (`/healthz`, `/readyz`, `/metrics`, 404s) by fastify on the same server.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { CookieJar } from '../session-ref/index.js';
import type { DecisionObserver } from '../observe/decisions.js';
import { requestId, SAFE_SERIALIZERS } from '../observe/log-safety.js';
import type { Metrics } from '../observe/metrics.js';
import type { Runner } from '../pipeline/runner.js';
import { authEndpoint, authRoute } from './auth-route.js';
import { healthRoutes } from './health.js';
import { inspectRoutes, type InspectOptions } from './inspect.js';

export interface AppOptions {
  /** The stages, run for `/auth` and `/auth/required`. */
  readonly runner: Runner;
  /** Metrics, failure log and access log after each decision (src/observe/decisions.ts). */
  readonly observer: DecisionObserver;
  /** Resolves when the store is reachable (what /readyz reports; src/http/health.ts logs changes). */
  readonly verifyStore: () => Promise<void>;
  readonly metrics: Metrics | undefined;
  /** `--metrics-listen` is set: /metrics is served there, not here. */
  readonly metricsElsewhere?: boolean;
  /** True once the service drains (before the listener closes): answers carry `Connection: close`. */
  readonly draining: () => boolean;
  readonly logger: Logger;
  readonly cookieName: string;
  /** How the application reads the Cookie header (the profile's; default PHP's). */
  readonly cookieJar?: CookieJar;
  /** Name of the header that may carry the session id (e.g. `X-Session-Id`); '' for none. */
  readonly sessionHeader: string;
  /** `GET /sessions/:id…` (src/http/inspect.ts); 401 for everything when the token is ''. */
  readonly inspect?: InspectOptions;
}

export function buildApp(opts: AppOptions): FastifyInstance {
  const { verifyStore, metrics } = opts;
  // No level may log a full id: client-error lines would otherwise carry the raw request bytes.
  const logger = opts.logger.child({}, { serializers: SAFE_SERIALIZERS });
  const auth = authRoute({ ...opts, logger });

  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // The request id nginx sets (X-Request-Id: $request_id) in every line about the request.
    requestIdHeader: false,
    genReqId: (req) => requestId(req) ?? '-',
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

  if (metrics) app.server.on('connection', () => metrics.connection());

  healthRoutes(app, { verifyStore, metrics: opts.metricsElsewhere ? undefined : metrics });

  if (opts.inspect) app.register(inspectRoutes, opts.inspect);

  return app;
}
