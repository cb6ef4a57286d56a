/**
 * `request.COOKIES[name]` exactly as Django reads the Cookie header (django/core/handlers/wsgi.py
 * `get_str_from_wsgi` then django/http/cookie.py `parse_cookie`, Django 3.2 to 5):
 *
 * - the header's bytes are decoded as UTF-8, an invalid sequence becoming U+FFFD;
 * - pairs are split on `;`; name and value at the first `=` (no `=`: an empty name); both
 *   stripped of whitespace as Python's `str.strip()` sees it (Unicode spaces included);
 * - the LAST pair of a name wins (a dict assignment), unlike PHP's first;
 * - no mangling of names, no %-decoding; a value in double quotes is unquoted as
 *   `http.cookies._unquote` does (`\"` → `"`, `\012` → a newline).
 *
 * Tested against Django itself (test/integration/session-ref/).
 */

/** Python's str.isspace() for one UTF-16 unit. */
function isPySpace(c: number): boolean {
  return (
    (c >= 9 && c <= 13) || (c >= 0x1c && c <= 0x20) || c === 0x85 || c === 0xa0 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

function strip(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isPySpace(s.charCodeAt(a))) a++;
  while (b > a && isPySpace(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b);
}

const OCTAL = /\\[0-3][0-7][0-7]/y;

/** http.cookies._unquote: a value in double quotes loses them and its backslash escapes. */
export function pyUnquote(v: string): string {
  if (v.length < 2 || v[0] !== '"' || v[v.length - 1] !== '"') return v;
  const s = v.slice(1, -1);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '\\' || i + 1 >= s.length || s[i + 1] === '\n') {
      out += s[i];
      continue;
    }
    OCTAL.lastIndex = i;
    if (OCTAL.test(s)) {
      out += String.fromCharCode(parseInt(s.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      out += s[i + 1];
      i++;
    }
  }
  return out;
}

/** The header as Django sees it: Node gives header bytes as latin1 text; Django decodes them as UTF-8. */
function asDjango(header: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\x80-\xff]/.test(header) ? Buffer.from(header, 'latin1').toString('utf8') : header;
}

export function findDjangoCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  const text = asDjango(header);
  let found: string | undefined;
  for (const chunk of text.split(';')) {
    const eq = chunk.indexOf('=');
    const key = strip(eq < 0 ? '' : chunk.slice(0, eq));
    if (key !== name) continue;
    found = pyUnquote(strip(chunk.slice(eq + 1)));
  }
  return found;
}
