/**
 * autocannon's rate limit (overallRate) gives each connection a quota per second, refilled by a
 * 1 s timer that starts at the same instant for every connection: all connections fire their
 * quotas at once at the top of each second, i.e. full load for a moment and then silence — the
 * p99 of such a "half load" is the p99 of full load. This spreads the refills: each connection
 * gets its own phase in the second (still autocannon sending; only the timer is moved).
 * Relies on autocannon 8's Client fields (rate, rateInterval, reqsMadeThisSecond, paused,
 * _doRequest); when they are not there it changes nothing and says so.
 */
interface RateClient {
  rate?: number;
  rateInterval?: ReturnType<typeof setInterval>;
  reqsMadeThisSecond?: number;
  paused?: boolean;
  destroyed?: boolean;
  _doRequest?: () => void;
}

let warned = false;

/** Use as autocannon's `setupClient` together with overallRate. */
export function staggerRate(client: unknown): void {
  const c = client as RateClient;
  queueMicrotask(() => {
    // The constructor creates rateInterval after calling setupClient: act once it has.
    if (!c.rate || c.rateInterval === undefined || typeof c._doRequest !== 'function' || c.reqsMadeThisSecond === undefined) {
      if (!warned) process.stderr.write('bench: autocannon internals changed — rate pass NOT staggered (bursty)\n');
      warned = true;
      return;
    }
    clearInterval(c.rateInterval);
    const quota = c.rate;
    c.reqsMadeThisSecond = quota; // nothing until this connection's phase comes
    const refill = (): void => {
      c.reqsMadeThisSecond = 0;
      if (c.paused) c._doRequest?.();
      c.paused = false;
    };
    const phase = setTimeout(() => {
      if (c.destroyed) return;
      refill();
      c.rateInterval = setInterval(refill, 1000);
    }, Math.random() * 1000);
    phase.unref();
  });
}
