/**
 * Stage 1 of the path: where the session reference is in the request. The id header
 * (`--session-header`, e.g. nginx's `X-Session-Id`) when present and non-empty, else the session
 * cookie found the way the application finds it — a `CookieJar` the profile picks: PHP's
 * `$_COOKIE` (cookie.ts: names mangled, first wins) for every PHP framework, Django's
 * `request.COOKIES` (django-cookie.ts: last wins). The value is returned raw (PHP: still
 * %-encoded): the cookie codec (stage 2) decides what it means.
 */
import { findCookie } from './cookie.js';

export { findCookie } from './cookie.js';
export { findDjangoCookie } from './django-cookie.js';
export { redactId } from './redact.js';

/** The value of cookie `name` in a Cookie header as the application reads it, or undefined. */
export type CookieJar = (header: string | undefined, name: string) => string | undefined;

export function sessionReference(
  idHeader: string | string[] | undefined,
  cookieHeader: string | undefined,
  cookieName: string,
  jar: CookieJar = findCookie,
): string | undefined {
  const fromHeader = typeof idHeader === 'string' ? idHeader : idHeader?.[0];
  if (fromHeader) return fromHeader;
  return jar(cookieHeader, cookieName);
}
