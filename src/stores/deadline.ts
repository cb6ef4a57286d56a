/**
 * The deadline primitives of the store stage.
 *
 * `withDeadline`: run an operation, and if it has not settled within `timeoutMs`, reject with the
 * store's own STORE_TIMEOUT error. The operation receives a DeadlineSignal that fires at the
 * deadline, so work that can be abandoned (a file read loop, a pooled connection) stops instead of
 * running on after nobody waits for it. One timer per call, cleared as soon as the operation settles.
 *
 * `heldWork`: the same, with a bound on the work a store still HOLDS — an operation counts from
 * its start until it really settles, not until its caller's deadline. A deadline frees the caller,
 * but a command queued in a client library, a waiter in a connection pool or a read stuck in the
 * thread pool on a hung filesystem lives on until the store answers or the connection drops. While
 * a store hangs under full load those would pile up at page rate (issue 17: the Redis client's
 * queue grew to 270 MB); with this bound, work beyond `limit` fails at once (STORE_UNAVAILABLE →
 * `bypass`) and memory stays flat.
 *
 * (The memcached connection keeps one timer per CONNECTION for all its pipelined requests instead,
 * and its own bound on them: answers arrive in order, so one late answer means the connection is
 * hung — see memcached-conn.ts.)
 */
import { IsauthError } from '../errors.js';

/**
 * Fires once, at the deadline. A lighter AbortSignal: creating a real one costs more than a whole
 * Redis read (measured: 8 % of the store's CPU), and most operations never listen.
 */
export class DeadlineSignal {
  aborted = false;
  private listeners: Array<() => void> | undefined;

  /** Run `fn` at the deadline (at once when it passed already); returns what cancels it. */
  onAbort(fn: () => void): () => void {
    if (this.aborted) {
      fn();
      return () => undefined;
    }
    (this.listeners ??= []).push(fn);
    return () => {
      const i = this.listeners?.indexOf(fn) ?? -1;
      if (i >= 0) this.listeners?.splice(i, 1);
    };
  }

  fire(): void {
    if (this.aborted) return;
    this.aborted = true;
    const fns = this.listeners ?? [];
    this.listeners = undefined;
    for (const fn of fns) fn();
  }
}

export function withDeadline<T>(
  timeoutMs: number,
  what: string,
  op: (signal: DeadlineSignal) => Promise<T>,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const signal = new DeadlineSignal();
    const timer = setTimeout(() => {
      signal.fire();
      reject(new IsauthError('STORE_TIMEOUT', `${what}: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const done = (): void => clearTimeout(timer);
    let p: Promise<T>;
    try {
      p = op(signal);
    } catch (err) {
      done();
      reject(err);
      return;
    }
    p.then(
      (v) => {
        done();
        resolve(v);
      },
      (err: unknown) => {
        done();
        reject(err);
      },
    );
  });
}

export interface HeldWork {
  /** withDeadline, refused at once (STORE_UNAVAILABLE) while `limit` operations are still held. */
  run<T>(timeoutMs: number, what: string, op: (signal: DeadlineSignal) => Promise<T>): Promise<T>;
  /** Operations started and not settled yet (including those whose caller's deadline passed). */
  readonly held: number;
}

/** `label` names the store in the fail-fast message ("redis", "postgres"…). */
export function heldWork(label: string, limit: number): HeldWork {
  let held = 0;
  const release = (): void => {
    held--;
  };
  return {
    get held() {
      return held;
    },
    run<T>(timeoutMs: number, what: string, op: (signal: DeadlineSignal) => Promise<T>): Promise<T> {
      if (held >= limit) {
        return Promise.reject(new IsauthError('STORE_UNAVAILABLE', `${label}: ${held} operations still wait for the store; failing fast`));
      }
      held++;
      return withDeadline(timeoutMs, `${label}: ${what}`, (signal) => {
        let p: Promise<T>;
        try {
          p = op(signal);
        } catch (err) {
          release();
          throw err;
        }
        p.then(release, release);
        return p;
      });
    },
  };
}
