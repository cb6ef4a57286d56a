import type { ErrorCode } from '../errors.js';

/** `X-Auth-State`: logged in, not logged in, or unknown (store or data failed). */
export type AuthState = '1' | '0' | 'unknown';

/** Why a decision came out as it did — for metrics, debug logs and, later, `isauth check`. */
export type Reason =
  | 'no-session' // no id, or an id outside PHP's alphabet
  | 'not-found' // the store has no such session (or it expired)
  | 'decided' // the session was read and the rules decided
  | 'store-error' // the store failed or timed out → bypass
  | 'decode-error'; // the bytes could not be decoded → bypass

export interface Outcome {
  /** `X-Cache-Variant`: 'auth', 'anon', 'bypass' or a custom variant name. */
  readonly variant: string;
  readonly state: AuthState;
  readonly reason: Reason;
  /** The error code behind a bypass. */
  readonly code?: ErrorCode;
}

export const NO_SESSION: Outcome = Object.freeze({ variant: 'anon', state: '0', reason: 'no-session' });
export const NOT_FOUND: Outcome = Object.freeze({ variant: 'anon', state: '0', reason: 'not-found' });

export function bypass(reason: 'store-error' | 'decode-error', code: ErrorCode): Outcome {
  return { variant: 'bypass', state: 'unknown', reason, code };
}
