/**
 * The one post-decision observer, shared by every entry point that answers a decision (`/auth`,
 * `/auth/required`, the text protocol's `isauth`): the answer counted by endpoint and variant,
 * the decision's duration, a bypass handed to the throttled failure log, and the access and debug
 * lines. Stage events inside a decision (store latency, error counters) go through `stages`,
 * which the runner takes. Never logs a full session id.
 */
import type { Logger } from 'pino';
import type { Outcome } from '../pipeline/outcome.js';
import type { StageObserver } from '../pipeline/trace.js';
import { redactId } from '../session-ref/index.js';
import type { FailureLog } from './failure-log.js';
import type { Metrics, RequestEndpoint } from './metrics.js';

export interface DecisionObserver {
  /** For the runner: stage events (undefined when nothing observes them). */
  readonly stages: StageObserver | undefined;
  /** Whether entry points should read the clock before a decision (metrics or access log on). */
  readonly timed: boolean;
  /** Whether decisions are logged (access log or debug): only then is a request id worth finding. */
  readonly logs: boolean;
  /**
   * One answered decision. `startedAt` is `performance.now()` before it (when `timed`), `reqId`
   * the request's id when it has one (X-Request-Id).
   */
  decided(entry: RequestEndpoint, outcome: Outcome, reference: string | undefined, startedAt: number, reqId?: string): void;
}

export interface DecisionObserverOptions {
  readonly metrics: Metrics | undefined;
  readonly failureLog: FailureLog;
  /** `--access-log`: one info line per decision on this logger; undefined = off. */
  readonly accessLog?: Logger | undefined;
  /** Debug lines per decision when this logger has `debug` on. */
  readonly logger: Logger;
}

export function createDecisionObserver(o: DecisionObserverOptions): DecisionObserver {
  const { metrics, failureLog, accessLog, logger } = o;
  const observe = metrics?.observeDecisions === true;
  const debug = logger.isLevelEnabled('debug');
  const timed = observe || accessLog !== undefined;

  const fields = (entry: RequestEndpoint, reference: string | undefined, outcome: Outcome, reqId: string | undefined, ms?: number) => ({
    ...(entry === 'text' ? { via: 'text' } : { reqId }),
    sid: reference === undefined ? null : redactId(reference),
    variant: outcome.variant,
    reason: outcome.reason,
    code: outcome.code,
    ...(ms !== undefined && { ms: Math.round(ms * 1000) / 1000 }),
  });

  return {
    stages: metrics,
    timed,
    logs: debug || accessLog !== undefined,
    decided(entry, outcome, reference, startedAt, reqId) {
      if (outcome.variant === 'bypass') failureLog(outcome);
      metrics?.request(entry, outcome.variant);
      if (timed) {
        const ms = performance.now() - startedAt;
        if (observe) metrics?.decision(ms / 1000);
        if (accessLog) accessLog.info(fields(entry, reference, outcome, reqId, ms), 'auth');
      }
      if (debug) logger.debug(fields(entry, reference, outcome, reqId), 'auth decision');
    },
  };
}
