/**
 * The WordPress cookie codec's PHP semantics, checked against PHP and WordPress themselves:
 * - a login the codec passes to the store is one WordPress looks up under the same name
 *   (sanitize_user() of the trimmed login leaves it unchanged) — fast-check logins through
 *   WordPress's own formatting.php;
 * - the expiration test is PHP 8's `$string < time()`;
 * - the cookie value as PHP puts it in $_COOKIE and wp_magic_quotes() slashes it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRejected } from '../../../src/cookie-codec/types.js';
import { phpStringLessThanInt, wordpressCookieCodec } from '../../../src/cookie-codec/wordpress.js';
import { havePhpExtensions, runPhp } from '../../harness/php.js';
import { haveWordPress, WORDPRESS_DIR } from '../../harness/wordpress.js';

const NOW = 1_800_000_000;
const codec = wordpressCookieCodec(() => NOW);

describe.runIf(haveWordPress())('WordPress cookie codec vs WordPress and PHP', () => {
  it('every login it sends to the store is one sanitize_user() leaves as it is (ASCII logins)', () => {
    const chars = fc.constantFrom(...'aZ09 _.-@<>&;%#\'"\\\t\n\x0b\x0c\r!~+|=/'.split(''), 'A', 'b', '4', '1F', '&amp;', '<b>');
    const logins = fc.sample(fc.array(chars, { minLength: 1, maxLength: 8 }).map((a) => a.join('')), { numRuns: 400, seed: 19 });
    const passed = logins.filter((l) => {
      if (l.includes('|')) return false;
      const ref = codec.decode(`${encodeURIComponent(l)}%7C${NOW + 100}%7Ctok%7Chmac`);
      return typeof ref === 'string';
    });
    expect(passed.length).toBeGreaterThan(50);
    const out = runPhp(
      `require '${WORDPRESS_DIR}/wp-includes/plugin.php'; require '${WORDPRESS_DIR}/wp-includes/formatting.php';
       $in = json_decode(stream_get_contents(STDIN)); $r = [];
       foreach ($in as $l) { $s = addslashes($l); $r[] = sanitize_user(trim($s)) === $s; }
       echo json_encode($r);`,
      { input: JSON.stringify(passed) },
    );
    const same = JSON.parse(out.toString()) as boolean[];
    const wrong = passed.filter((_, i) => !same[i]);
    expect(wrong).toEqual([]);
  });

  it.runIf(havePhpExtensions())('the expiration is compared as PHP 8 compares a string with time()', () => {
    const cases = ['1800000000', '1799999999', '1800000001', ' 1800000001', '1800000001 ', '18e8', '1.8e9', '1.8000000001e9', '+1800000001', '-1', '', 'abc', '2', '9abc', '1800000001abc', '0x7FFFFFFF', '.5', '5.', '\t1800000001\n'];
    const php = JSON.parse(runPhp(`$r = []; foreach (json_decode(stream_get_contents(STDIN)) as $s) $r[] = $s < ${NOW}; echo json_encode($r);`, { input: JSON.stringify(cases) }).toString()) as boolean[];
    expect(cases.map((c) => phpStringLessThanInt(c, NOW))).toEqual(php);
  });

  it.runIf(havePhpExtensions())('decodes the value as PHP fills $_COOKIE (rawurldecode: a + stays a +) and slashes it as WordPress does', () => {
    const raw = `o%27b+r%5C%22x%7C${NOW + 5}%7Ct%2Bk%7Ch`;
    const ref = codec.decode(raw);
    expect(isRejected(ref as never)).toBe(false);
    // PHP: $_COOKIE is rawurldecode'd (main/php_variables.c), then wp_magic_quotes() → addslashes.
    const php = runPhp(`echo addslashes(rawurldecode(${JSON.stringify(raw)}));`).toString();
    expect(ref).toBe(php);
    expect(ref).toBe(`o\\'b+r\\\\\\"x|${NOW + 5}|t+k|h`);
  });

  it('refusals: malformed, expired, an unknown login shape; "0" and "" are no cookie at all', () => {
    const code = (raw: string) => {
      const r = codec.decode(raw);
      return r === undefined ? 'none' : typeof r === 'string' ? 'ok' : r.rejected;
    };
    expect(code('')).toBe('none');
    expect(code('0')).toBe('none');
    expect(code('a%7Cb%7Cc')).toBe('COOKIE_MALFORMED');
    expect(code('%FF%7C1%7C2%7C3')).toBe('COOKIE_MALFORMED'); // not UTF-8
    expect(code('é')).toBe('COOKIE_MALFORMED'); // raw non-ASCII on the wire
    expect(code(`alice%7C${NOW - 1}%7Ct%7Ch`)).toBe('COOKIE_EXPIRED');
    expect(code(`alice%7C${NOW}%7Ct%7Ch`)).toBe('ok');
    expect(code(`%20alice%7C${NOW + 1}%7Ct%7Ch`)).toBe('COOKIE_UNKNOWN_USER');
    expect(code(`0%7C${NOW + 1}%7Ct%7Ch`)).toBe('COOKIE_UNKNOWN_USER');
    expect(code(`${'a'.repeat(257)}%7C${NOW + 1}%7Ct%7Ch`)).toBe('COOKIE_UNKNOWN_USER');
    expect(code(`j%C3%B6rg%7C${NOW + 1}%7Ct%7Ch`)).toBe('ok'); // UTF-8 logins reach the store (docs/wordpress.md)
  });
});
