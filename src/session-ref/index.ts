/**
 * Stage 1 of the path: where the session reference is in the request. The id header
 * (`--session-header`, e.g. nginx's `X-Session-Id`) when present and non-empty, else the session
 * cookie found the way PHP finds it. The value is returned raw (still URL-encoded): the cookie
 * codec (stage 2) decides what it means.
 */
import { findCookie } from './cookie.js';

export { findCookie } from './cookie.js';
export { redactId } from './redact.js';

export function sessionReference(
  idHeader: string | string[] | undefined,
  cookieHeader: string | undefined,
  cookieName: string,
): string | undefined {
  const fromHeader = typeof idHeader === 'string' ? idHeader : idHeader?.[0];
  if (fromHeader) return fromHeader;
  return findCookie(cookieHeader, cookieName);
}
