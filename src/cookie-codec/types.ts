import type { ErrorCode } from '../errors.js';

/** A cookie (or header) value that was recognised as a session cookie but refused (bad MAC, expired…). */
export interface CookieRejected {
  readonly rejected: ErrorCode;
}

/**
 * Stage 2 of the path: the raw (still URL-encoded) cookie or header value → the session id the
 * store is asked for. `undefined` means "no session" (nothing usable); a `CookieRejected` means
 * the value was refused for a reason worth counting (forged, tampered, expired): both answer
 * `anon`. Never throws. The id returned has been validated for the key stage (no path or key
 * syntax can slip through).
 */
export interface CookieCodec {
  decode(raw: string): string | CookieRejected | undefined;
}

/** Frozen rejection objects, one per code: the hot path allocates nothing for them. */
const REJECTIONS = new Map<ErrorCode, CookieRejected>();
export function rejected(code: ErrorCode): CookieRejected {
  let r = REJECTIONS.get(code);
  if (r === undefined) {
    r = Object.freeze({ rejected: code });
    REJECTIONS.set(code, r);
  }
  return r;
}

export function isRejected(v: string | CookieRejected | undefined): v is CookieRejected {
  return typeof v === 'object';
}
