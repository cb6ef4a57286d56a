/**
 * Canonical standard base64, as PHP's base64_encode and Python's b64encode write it: the standard
 * alphabet, padded, nothing else (Node's own decoder is lenient: it skips what it does not know).
 * Laravel's Encrypter payloads and app keys, its database driver's payloads, Django's pre-3.1
 * sessions.
 */
const CANONICAL = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function isCanonicalBase64(text: string): boolean {
  return CANONICAL.test(text);
}
