import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toSessionId } from '../../../src/cookie-codec/php-id.js';
import { findCookie, redactId, sessionReference } from '../../../src/session-ref/index.js';

/** Stages 1 and 2 of the path for a plain PHP site: the reference, then the id codec. */
const sessionIdOf = (h: string | undefined, c: string | undefined, name: string) => toSessionId(sessionReference(h, c, name));

describe('findCookie', () => {
  it('finds a cookie among others', () => {
    expect(findCookie('a=1; PHPSESSID=abc; b=2', 'PHPSESSID')).toBe('abc');
    expect(findCookie('PHPSESSID=abc', 'PHPSESSID')).toBe('abc');
    expect(findCookie('a=1;PHPSESSID=abc', 'PHPSESSID')).toBe('abc');
    expect(findCookie('a=1;   PHPSESSID=abc;', 'PHPSESSID')).toBe('abc');
  });
  it('takes the first of two same-named cookies, as PHP does', () => {
    expect(findCookie('PHPSESSID=first; PHPSESSID=second', 'PHPSESSID')).toBe('first');
  });
  it('does not match a name that merely ends or starts with the cookie name', () => {
    expect(findCookie('XPHPSESSID=evil; PHPSESSIDX=evil2', 'PHPSESSID')).toBeUndefined();
    expect(findCookie('XPHPSESSID=evil; PHPSESSID=good', 'PHPSESSID')).toBe('good');
  });
  it('returns an empty value as empty, and nothing when absent', () => {
    expect(findCookie('PHPSESSID=', 'PHPSESSID')).toBe('');
    expect(findCookie('', 'PHPSESSID')).toBeUndefined();
    expect(findCookie(undefined, 'PHPSESSID')).toBeUndefined();
    expect(findCookie('PHPSESSID', 'PHPSESSID')).toBe(''); // PHP: a name without `=` is an empty value
  });
});

describe('toSessionId', () => {
  it('accepts PHP ids of every alphabet', () => {
    for (const id of ['a', 'abcdef0123456789abcdef0123456789', 'A-z,09', 'x'.repeat(256)]) {
      expect(toSessionId(id)).toBe(id);
    }
  });
  it('URL-decodes before checking (PHP encodes "," as %2C)', () => {
    expect(toSessionId('ab%2Ccd')).toBe('ab,cd');
    expect(toSessionId('ab%2ccd')).toBe('ab,cd');
  });
  it.each([
    ['path traversal', '../../etc/passwd'],
    ['encoded traversal', '..%2F..%2Fetc%2Fpasswd'],
    ['CR/LF', 'abc\r\nSet-Cookie: x'],
    ['encoded CR/LF', 'abc%0D%0Aflush_all'],
    ['space', 'abc def'],
    ['plus (PHP keeps it: not in the alphabet)', 'abc+def'],
    ['NUL', 'abc%00def'],
    ['raw NUL', 'abc\u0000def'],
    ['300 characters', 'a'.repeat(300)],
    ['257 characters', 'a'.repeat(257)],
    ['empty', ''],
    ['bad escape', 'abc%zz'],
    ['truncated escape', 'abc%2'],
    ['memcached command injection', 'x\r\nget y'],
    ['non-ASCII', 'abcé'],
    ['encoded non-ASCII', 'abc%C3%A9'],
    ['SQL', "x' OR '1'='1"],
    ['glob', 'abc*'],
  ])('rejects %s', (_label, raw) => {
    expect(toSessionId(raw)).toBeUndefined();
  });
  it('never returns anything outside the alphabet (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 800, unit: 'binary' }), (raw) => {
        const id = toSessionId(raw);
        if (id !== undefined) expect(id).toMatch(/^[A-Za-z0-9,-]{1,256}$/);
      }),
      { numRuns: 2000 },
    );
  });
  it('round-trips every valid id, encoded or not (property)', () => {
    const idChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789,-'.split(''));
    fc.assert(
      fc.property(fc.string({ unit: idChar, minLength: 1, maxLength: 256 }), (id) => {
        expect(toSessionId(id)).toBe(id);
        expect(toSessionId(encodeURIComponent(id).replace(/-/g, '%2D'))).toBe(id);
      }),
    );
  });
});

describe('sessionIdOf', () => {
  it('prefers a non-empty id header over the cookie', () => {
    expect(sessionIdOf('hdr1', 'PHPSESSID=cookie1', 'PHPSESSID')).toBe('hdr1');
    expect(sessionIdOf('', 'PHPSESSID=cookie1', 'PHPSESSID')).toBe('cookie1');
    expect(sessionIdOf(undefined, 'PHPSESSID=cookie1', 'PHPSESSID')).toBe('cookie1');
  });
  it('treats an invalid header as no session (no fallback to the cookie)', () => {
    expect(sessionIdOf('../x', 'PHPSESSID=cookie1', 'PHPSESSID')).toBeUndefined();
  });
  it('uses the configured cookie name', () => {
    expect(sessionIdOf(undefined, 'PHPSESSID=a; laravel_session=b', 'laravel_session')).toBe('b');
  });
});

describe('redactId', () => {
  it('never returns the full id', () => {
    const id = 'abcdef0123456789abcdef0123456789';
    expect(redactId(id)).not.toContain(id.slice(4));
    expect(redactId('abc')).toBe('****');
  });
});
