/**
 * The one deadline primitive of the store stage: run an operation, and if it has not settled
 * within `timeoutMs`, reject with the store's own STORE_TIMEOUT error. The operation receives an
 * AbortSignal that fires at the deadline, so work that can be abandoned (a file read loop, a queued
 * command) stops instead of running on after nobody waits for it. One timer per call, cleared as
 * soon as the operation settles.
 *
 * (The memcached connection keeps one timer per CONNECTION for all its pipelined requests instead:
 * answers arrive in order, so one late answer means the connection is hung — see memcached-conn.ts.)
 */
import { IsauthError } from '../errors.js';

export async function withDeadline<T>(
  timeoutMs: number,
  what: string,
  op: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const ctl = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      ctl.abort();
      reject(new IsauthError('STORE_TIMEOUT', `${what}: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([op(ctl.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
