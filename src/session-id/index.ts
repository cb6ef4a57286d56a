import { findCookie } from './cookie.js';
import { toSessionId } from './validate.js';

export { findCookie } from './cookie.js';
export { toSessionId, redactId, MAX_SESSION_ID_LENGTH } from './validate.js';

/**
 * The session id of a request: the id header (nginx may send `X-Session-Id $cookie_PHPSESSID`)
 * when present and non-empty, else the named cookie. Invalid → undefined ("no session").
 */
export function sessionIdOf(
  idHeader: string | string[] | undefined,
  cookieHeader: string | undefined,
  cookieName: string,
): string | undefined {
  const fromHeader = typeof idHeader === 'string' ? idHeader : idHeader?.[0];
  if (fromHeader) return toSessionId(fromHeader);
  return toSessionId(findCookie(cookieHeader, cookieName));
}
