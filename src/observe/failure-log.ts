/**
 * Warn about store and decode failures without flooding the log: when memcached is down every
 * page request fails the same way. One line per error code per interval, carrying how many
 * were suppressed since the last line. A count left over when an episode ends (no new failure of
 * that code for two intervals) is flushed in its own line, and so is every count at shutdown
 * (`flush()`): no failure goes uncounted. Never includes a session id.
 */
import type { Logger } from 'pino';
import type { Outcome } from '../pipeline/outcome.js';

export interface FailureLog {
  (o: Outcome): void;
  /** Log every suppressed count now (shutdown). */
  flush(): void;
}

const MESSAGES: Partial<Record<Outcome['reason'], string>> = {
  'store-error': 'session store failed; answering bypass',
  'decode-error': 'session data unreadable; answering bypass',
  'internal-error': 'unexpected failure inside isauth; answering bypass',
};

interface Episode {
  at: number;
  suppressed: number;
  reason: Outcome['reason'];
  timer: NodeJS.Timeout | undefined;
}

export function createFailureLog(logger: Logger, store: string, intervalMs = 10_000): FailureLog {
  const episodes = new Map<string, Episode>();

  function flushOne(code: string, e: Episode, ended: boolean): void {
    if (e.timer !== undefined) clearTimeout(e.timer);
    e.timer = undefined;
    if (e.suppressed === 0) return;
    logger.warn({ code, store, reason: e.reason, suppressed: e.suppressed, ended }, `${MESSAGES[e.reason] ?? 'failure'} (count of the lines suppressed)`);
    e.suppressed = 0;
  }

  const log = ((outcome: Outcome) => {
    const message = MESSAGES[outcome.reason];
    if (message === undefined) return;
    const code = outcome.code ?? 'UNKNOWN';
    const now = Date.now();
    const seen = episodes.get(code);
    if (seen && now - seen.at < intervalMs) {
      seen.suppressed++;
      // The next failure after the interval logs this count; if none comes within a further
      // interval, the episode has ended: flush the count on its own.
      seen.timer ??= setTimeout(() => flushOne(code, seen, true), 2 * intervalMs - (now - seen.at)).unref();
      return;
    }
    const suppressed = seen?.suppressed ?? 0;
    if (seen?.timer !== undefined) clearTimeout(seen.timer);
    episodes.set(code, { at: now, suppressed: 0, reason: outcome.reason, timer: undefined });
    logger.warn({ code, store, reason: outcome.reason, suppressed }, message);
  }) as FailureLog;
  log.flush = () => {
    for (const [code, e] of episodes) flushOne(code, e, true);
  };
  return log;
}
