/**
 * The circuit breaker around every store (applied once, in factory.ts): while a store is known to
 * hang, pages do not each wait out `--timeout` — they get `bypass` at once — and the store is
 * probed in the background until it answers again.
 *
 * - **Opens** when a read times out (STORE_TIMEOUT) and nothing at all answered since that read
 *   was sent: the store was silent for a whole deadline while work waited on it. A slow store
 *   whose answers still come, or one server of several that hangs while the others answer, does
 *   not open it. An answer is any settled read or probe — a value, absent, too large, a protocol
 *   error — or a timeout the store marked as answered (`answeredTimeout`: files, a session still
 *   being written); STORE_UNAVAILABLE (refused, failing fast) is not an answer.
 * - **While open**: `load` and `verify` reject at once with STORE_TIMEOUT (so `bypass`, and
 *   /readyz 503) without touching the store. One probe at a time — the store's own `verify`
 *   (PING, memcached `version`, `SELECT 1`, the files directory) with the page deadline (at
 *   least MIN_PROBE_MS: a probe holds no page) — every PROBE_EVERY_MS after the previous one ended.
 * - **Closes** when a probe succeeds, or when a read that was still in flight is answered.
 * - `onCircuit` is called once per opening and once per closing (for one log line and the
 *   metrics); it carries the store kind and durations, never a key or a session id.
 */
import { IsauthError } from '../errors.js';
import type { CircuitEvent, SessionStore } from './types.js';

export type { CircuitEvent } from './types.js';

/** Pause between the end of one probe and the start of the next. */
export const PROBE_EVERY_MS = 250;
/**
 * A probe's deadline: the page deadline, but at least this. A probe holds no page, so it can wait
 * longer than one: on a loaded machine a store that is back answers a PING late, and a probe with
 * a page's 100 ms could keep failing — the circuit would stay open, every page `bypass`, long
 * after the store recovered (seen in the memcached-killed drill under load). Readiness uses the
 * same floor.
 */
export const MIN_PROBE_MS = 1000;

const ANSWERED = Symbol('isauth.store.answered');

/** Mark a STORE_TIMEOUT after which the store DID answer (not a hang: it must not open the circuit). */
export function answeredTimeout(err: IsauthError): IsauthError {
  (err as IsauthError & { [ANSWERED]?: true })[ANSWERED] = true;
  return err;
}

function isAnswer(err: unknown): boolean {
  if (!(err instanceof IsauthError)) return true;
  if (err.code === 'STORE_UNAVAILABLE') return false;
  return err.code !== 'STORE_TIMEOUT' || (err as IsauthError & { [ANSWERED]?: true })[ANSWERED] === true;
}

export function withBreaker(inner: SessionStore, onCircuit?: (e: CircuitEvent) => void, probeEveryMs = PROBE_EVERY_MS): SessionStore {
  let lastAnswerAt = performance.now();
  /** performance.now() when the circuit opened; undefined while closed. */
  let openSince: number | undefined;
  let probeMs = 100;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  /** A timeout was seen; whether it means a hang is decided after this turn's I/O. */
  let suspect = false;

  function answered(): void {
    lastAnswerAt = performance.now();
    if (openSince === undefined) return;
    const ms = lastAnswerAt - openSince;
    openSince = undefined;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    onCircuit?.({ open: false, store: inner.kind, ms: Math.round(ms) });
  }

  function failed(err: unknown, sentAt: number, timeoutMs: number): void {
    if (isAnswer(err)) return answered();
    if ((err as IsauthError).code !== 'STORE_TIMEOUT' || lastAnswerAt >= sentAt || suspect) return;
    // Decide after the I/O of this turn of the event loop: a busy process runs expired timers
    // BEFORE reading the answers that arrived meanwhile, so a deadline can pass with answers
    // already waiting on the socket; those are read (and seen here) before setImmediate runs.
    suspect = true;
    setImmediate(() => {
      suspect = false;
      if (openSince !== undefined || closed || lastAnswerAt >= sentAt) return;
      openSince = performance.now();
      probeMs = Math.max(timeoutMs, MIN_PROBE_MS);
      onCircuit?.({ open: true, store: inner.kind, ms: Math.round(openSince - lastAnswerAt) });
      schedule(0);
    });
  }

  function schedule(ms: number): void {
    timer = setTimeout(probe, ms);
    timer.unref();
  }

  function probe(): void {
    timer = undefined;
    if (closed || openSince === undefined) return;
    inner.verify(probeMs).then(answered, () => {
      if (!closed && openSince !== undefined && timer === undefined) schedule(probeEveryMs);
    });
  }

  function refusal(): IsauthError {
    const s = ((performance.now() - lastAnswerAt) / 1000).toFixed(1);
    return new IsauthError('STORE_TIMEOUT', `${inner.kind}: not answering for ${s} s; circuit open, probing in the background`);
  }

  function guard<T>(timeoutMs: number, call: () => Promise<T>): Promise<T> {
    if (openSince !== undefined && !closed) return Promise.reject(refusal());
    const sentAt = performance.now();
    let p: Promise<T>;
    try {
      p = call();
    } catch (err) {
      return Promise.reject(err);
    }
    return p.then(
      (v) => {
        answered();
        return v;
      },
      (err: unknown) => {
        failed(err, sentAt, timeoutMs);
        throw err;
      },
    );
  }

  const identify = inner.identify?.bind(inner);
  return {
    kind: inner.kind,
    ...(inner.readNote !== undefined && { readNote: inner.readNote }),
    // The exact identity (files: one lstat) — none while the circuit is open: no cached answers
    // for a store known not to answer.
    ...(identify !== undefined && { identify: (key: string, placeBy: string) => (openSince === undefined ? identify(key, placeBy) : undefined) }),
    load: (key, placeBy, timeoutMs) => guard(timeoutMs, () => inner.load(key, placeBy, timeoutMs)),
    verify: (timeoutMs) => guard(timeoutMs, () => inner.verify(timeoutMs)),
    async close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await inner.close();
    },
  };
}
