/**
 * Find a cookie's raw value in a Cookie header, the way PHP does for `$_COOKIE`: pairs are split
 * on `;`, leading whitespace before a name is skipped, and when a name occurs twice the FIRST
 * occurrence wins (main/php_variables.c). The value is returned raw (still URL-encoded).
 *
 * Written as a scan rather than a split: this runs on every page request.
 */
export function findCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  const len = header.length;
  const nlen = name.length;
  let i = 0;
  while (i < len) {
    // skip whitespace before the name
    let c = header.charCodeAt(i);
    while (c === 32 || c === 9) c = header.charCodeAt(++i);
    const end = header.indexOf(';', i);
    const stop = end < 0 ? len : end;
    if (
      stop - i > nlen &&
      header.charCodeAt(i + nlen) === 61 /* = */ &&
      header.startsWith(name, i)
    ) {
      return header.slice(i + nlen + 1, stop);
    }
    i = stop + 1;
  }
  return undefined;
}
