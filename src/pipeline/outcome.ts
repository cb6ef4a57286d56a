import { IsauthError, type ErrorCode } from '../errors.js';
import type { Verdict } from '../rules/index.js';

/** `X-Auth-State`: logged in, not logged in, or unknown (store or data failed). */
export type AuthState = '1' | '0' | 'unknown';

/** Why a decision came out as it did — for metrics, debug logs and `isauth check`. */
export type Reason =
  | 'no-session' // no reference, or one the cookie codec does not recognise as an id
  | 'cookie-rejected' // a session cookie refused by its codec (bad MAC, expired…) → anon
  | 'not-found' // the store has no such session (or it expired)
  | 'decided' // the session was read and the rules decided
  | 'store-error' // the store failed or timed out → bypass
  | 'decode-error' // the stored bytes could not be decoded → bypass
  | 'internal-error'; // an unexpected failure inside isauth (INTERNAL) → bypass

export interface Outcome {
  /** `X-Cache-Variant`: 'auth', 'anon', 'bypass' or a custom variant name. */
  readonly variant: string;
  readonly state: AuthState;
  readonly reason: Reason;
  /** The error code behind a bypass or a rejected cookie. */
  readonly code?: ErrorCode;
}

export const NO_SESSION: Outcome = Object.freeze({ variant: 'anon', state: '0', reason: 'no-session' });
export const NOT_FOUND: Outcome = Object.freeze({ variant: 'anon', state: '0', reason: 'not-found' });

/** One frozen outcome per (reason, code): the hot path allocates nothing for failures either. */
const shared = new Map<string, Outcome>();
function sharedOutcome(variant: string, state: AuthState, reason: Reason, code: ErrorCode): Outcome {
  const k = `${reason}:${code}`;
  let o = shared.get(k);
  if (o === undefined) {
    o = Object.freeze({ variant, state, reason, code });
    shared.set(k, o);
  }
  return o;
}

export function bypass(reason: 'store-error' | 'decode-error' | 'internal-error', code: ErrorCode): Outcome {
  return sharedOutcome('bypass', 'unknown', reason, code);
}

/** A forged, tampered or expired session cookie: the visitor is not logged in. */
export function cookieRejected(code: ErrorCode): Outcome {
  return sharedOutcome('anon', '0', 'cookie-rejected', code);
}

/** The code of a thrown failure: an IsauthError's own code, anything else is a bug (INTERNAL). */
export function failureCode(err: unknown): ErrorCode {
  return err instanceof IsauthError ? err.code : 'INTERNAL';
}

/** The bypass for a failure of the store (`store-error`) or of the data (`decode-error`). */
export function failureOutcome(code: ErrorCode, kind: 'store-error' | 'decode-error'): Outcome {
  return bypass(code === 'INTERNAL' ? 'internal-error' : kind, code);
}

/** Outcomes for rule verdicts: one frozen object per verdict (verdicts are shared objects too). */
const decided = new WeakMap<Verdict, Outcome>();
export function verdictOutcome(v: Verdict): Outcome {
  let o = decided.get(v);
  if (o === undefined) {
    o = Object.freeze({ variant: v.variant, state: v.state as AuthState, reason: 'decided' as const });
    decided.set(v, o);
  }
  return o;
}

/** What an entry point answers should the runner itself ever fail (it never rejects). */
export const INTERNAL_FAILURE: Outcome = bypass('internal-error', 'INTERNAL');
