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
import type { Outcome } from '../pipeline/outcome.js';
import type { SessionPath } from '../pipeline/path.js';
import { redactId, sessionReference } from '../session-ref/index.js';
import { requestId } from './log-safety.js';
import type { Metrics } from './metrics.js';

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
  readonly path: SessionPath;
  readonly metrics: Metrics | undefined;
  readonly logger: Logger;
  readonly cookieName: string;
  readonly sessionHeader: string;
  /** Called for every bypass (throttled warning log). */
  readonly onBypass: (o: Outcome) => void;
  /** True once the service is draining. */
  readonly closing: () => boolean;
  /** `--access-log`: one info line per decision on this logger; undefined = off (nothing measured). */
  readonly accessLog?: Logger | undefined;
}

export function authRoute(opts: AuthRouteOptions): (req: IncomingMessage, res: ServerResponse, endpoint: Endpoint) => void {
  const { path, metrics, logger, cookieName, onBypass, closing } = opts;
  const header = opts.sessionHeader.toLowerCase();
  const debug = logger.isLevelEnabled('debug');

  function answer(res: ServerResponse, endpoint: Endpoint, outcome: Outcome): void {
    if (outcome.variant === 'bypass') onBypass(outcome);
    metrics?.request(endpoint, outcome.variant);
    const headers: Record<string, string> = {
      'x-cache-variant': outcome.variant,
      'x-auth-state': outcome.state,
      'cache-control': 'no-store',
      'content-length': '0',
    };
    if (closing()) headers.connection = 'close';
    res.writeHead(endpoint === 'auth' ? 200 : REQUIRED_STATUS[outcome.state], headers);
    res.end();
  }

  const accessLog = opts.accessLog;
  const observe = metrics?.observeDecisions === true;
  const timed = observe || accessLog !== undefined;

  /** The log fields of one decision: never the full id. */
  const fields = (req: IncomingMessage, reference: string | undefined, outcome: Outcome, ms?: number) => ({
    reqId: requestId(req),
    sid: reference === undefined ? null : redactId(reference),
    variant: outcome.variant,
    reason: outcome.reason,
    code: outcome.code,
    ...(ms !== undefined && { ms: Math.round(ms * 1000) / 1000 }),
  });

  return (req, res, endpoint) => {
    const started = timed ? performance.now() : 0;
    const reference = sessionReference(header === '' ? undefined : req.headers[header], req.headers.cookie, cookieName);
    path.decide(reference).then(
      (outcome) => {
        if (timed) {
          const ms = performance.now() - started;
          if (observe) metrics!.decision(ms / 1000);
          if (accessLog) accessLog.info(fields(req, reference, outcome, ms), 'auth');
        }
        if (debug) logger.debug(fields(req, reference, outcome), 'auth decision');
        answer(res, endpoint, outcome);
      },
      (err: unknown) => {
        // decide() never rejects; should it ever, answer bypass rather than leave nginx waiting.
        logger.error({ err, reqId: requestId(req) }, 'auth path failed');
        answer(res, endpoint, { variant: 'bypass', state: 'unknown', reason: 'internal-error', code: 'INTERNAL' });
      },
    );
  };
}
