/**
 * The `--inspect-token` check, shared by HTTP (`Authorization: Bearer …`) and the text protocol
 * (`auth …`): SHA-256 of both sides compared with crypto.timingSafeEqual, so neither the length
 * nor the content of the token leaks through timing. With no token configured nothing matches.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export type TokenCheck = (given: string | undefined) => boolean;

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

export function tokenCheck(configured: string): TokenCheck {
  if (configured === '') return () => false; // feature off: every answer is "unauthorized"
  const want = digest(configured);
  return (given) => given !== undefined && timingSafeEqual(digest(given), want);
}

/** The token of an `Authorization: Bearer TOKEN` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = header === undefined ? null : /^Bearer[ \t]+([^ \t]+)[ \t]*$/i.exec(header);
  return m?.[1];
}
