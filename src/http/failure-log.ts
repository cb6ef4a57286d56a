/**
 * Warn about store and decode failures without flooding the log: when memcached is down every
 * page request fails the same way. One line per error code per interval, carrying how many
 * were suppressed since the last line. Never includes a session id.
 */
import type { Logger } from 'pino';
import type { Outcome } from '../check/outcome.js';

export function createFailureLog(logger: Logger, store: string, intervalMs = 10_000): (o: Outcome) => void {
  const last = new Map<string, { at: number; suppressed: number }>();
  return (outcome) => {
    if (outcome.reason !== 'store-error' && outcome.reason !== 'decode-error') return;
    const code = outcome.code ?? 'UNKNOWN';
    const now = Date.now();
    const seen = last.get(code);
    if (seen && now - seen.at < intervalMs) {
      seen.suppressed++;
      return;
    }
    last.set(code, { at: now, suppressed: 0 });
    logger.warn(
      { code, store, reason: outcome.reason, suppressed: seen?.suppressed ?? 0 },
      outcome.reason === 'store-error' ? 'session store failed; answering bypass' : 'session data unreadable; answering bypass',
    );
  };
}
