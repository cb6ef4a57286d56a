/**
 * PHP's rawurldecode for a cookie value, as PHP 8 applies it to `$_COOKIE` (a `+` stays a `+`;
 * main/php_variables.c): `%XX` escapes, either case. Undefined for a malformed escape or a decoded
 * byte outside ASCII: every framework's session cookie is ASCII, so anything else is not a session
 * cookie (PHP would keep such text, and the framework would find no session in it either).
 */
function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

export function urlDecode(raw: string): string | undefined {
  if (raw.indexOf('%') < 0) return raw;
  let out = '';
  const len = raw.length;
  for (let i = 0; i < len; i++) {
    const c = raw.charCodeAt(i);
    if (c === 37 /* % */) {
      const hi = hexValue(raw.charCodeAt(i + 1));
      const lo = hexValue(raw.charCodeAt(i + 2));
      if (hi < 0 || lo < 0 || hi > 7) return undefined;
      out += String.fromCharCode(hi * 16 + lo);
      i += 2;
    } else {
      out += raw[i];
    }
  }
  return out;
}
