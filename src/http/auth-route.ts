/**
 * Stage 8 of the path, and the hot route: `/auth` and `/auth/required` answered straight from
 * node:http, before fastify builds its request/reply objects (measured: fastify's per-request
 * machinery cost about a third of isauth's CPU per decision; docs/benchmarks.md). Everything else
 * goes to fastify.
 *
 * `/auth` always answers 200 with an EMPTY body (nginx keeps its upstream connection only for
 * bodiless replies) and the decision in headers; `/auth/required` maps the decision to
 * 200/401/503 for protect mode. While the service drains, answers carry `Connection: close`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { DecisionObserver } from '../observe/decisions.js';
import { requestId } from '../observe/log-safety.js';
import { INTERNAL_FAILURE, type Outcome } from '../pipeline/outcome.js';
import type { Runner } from '../pipeline/runner.js';
import { sessionReference, type CookieJar } from '../session-ref/index.js';

export type Endpoint = 'auth' | 'required';

const REQUIRED_STATUS = { '1': 200, '0': 401, unknown: 503 } as const;

/** Which auth endpoint a request is for, or undefined (fastify handles it). */
export function authEndpoint(req: IncomingMessage): Endpoint | undefined {
  if (req.method !== 'GET' && req.method !== 'HEAD') return undefined;
  const url = req.url ?? '';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  return path === '/auth' ? 'auth' : path === '/auth/required' ? 'required' : undefined;
}

export interface AuthRouteOptions {
  readonly runner: Runner;
  readonly observer: DecisionObserver;
  readonly logger: Logger;
  readonly cookieName: string;
  /** How the application reads the Cookie header (default PHP's `$_COOKIE`). */
  readonly cookieJar?: CookieJar;
  /** Name of the header that may carry the session id; '' for none. */
  readonly sessionHeader: string;
  /** True once the service is draining: answers carry `Connection: close`. */
  readonly draining: () => boolean;
}

export function authRoute(opts: AuthRouteOptions): (req: IncomingMessage, res: ServerResponse, endpoint: Endpoint) => void {
  const { runner, observer, logger, cookieName, cookieJar, draining } = opts;
  const header = opts.sessionHeader.toLowerCase();

  function answer(res: ServerResponse, endpoint: Endpoint, outcome: Outcome): void {
    const headers: Record<string, string> = {
      'x-cache-variant': outcome.variant,
      'x-auth-state': outcome.state,
      'cache-control': 'no-store',
      'content-length': '0',
    };
    if (draining()) headers.connection = 'close';
    res.writeHead(endpoint === 'auth' ? 200 : REQUIRED_STATUS[outcome.state], headers);
    res.end();
  }

  return (req, res, endpoint) => {
    const started = observer.timed ? performance.now() : 0;
    const reference = sessionReference(header === '' ? undefined : req.headers[header], req.headers.cookie, cookieName, cookieJar);
    runner.decide(reference).then(
      (outcome) => {
        observer.decided(endpoint, outcome, reference, started, observer.logs ? requestId(req) : undefined);
        answer(res, endpoint, outcome);
      },
      (err: unknown) => {
        // decide() never rejects; should it ever, answer bypass rather than leave nginx waiting.
        logger.error({ err, reqId: requestId(req) }, 'auth path failed');
        observer.decided(endpoint, INTERNAL_FAILURE, reference, started, requestId(req));
        answer(res, endpoint, INTERNAL_FAILURE);
      },
    );
  };
}
