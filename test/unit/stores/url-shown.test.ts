/**
 * Store URLs shown to people (`--check-config`, the startup line, `isauth check`) are written
 * back from the parsed spec (src/stores/url-shown.ts): a password never shows, whatever it holds,
 * and the URL shown means the same store. Parse errors of a URL that may hold a password quote
 * nothing from it.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoreSpec } from '../../../src/stores/types.js';
import { parseStoreUrl } from '../../../src/stores/url.js';
import { shownStoreUrl } from '../../../src/stores/url-shown.js';

const spec = (url: string): StoreSpec => {
  const s = parseStoreUrl(url);
  if ('error' in s) throw new Error(`${url}: ${s.error}`);
  return s;
};
const masked = (s: StoreSpec): StoreSpec => ('password' in s && s.password !== undefined ? { ...s, password: '***' } : s);

/** Every store URL literal of the parsers' own tests that parses: the syntax they cover. */
const CORPUS = ['url.test.ts', 'sql-url.test.ts', 'url-scale.test.ts']
  .flatMap((f) => [...readFileSync(new URL(f, import.meta.url), 'utf8').matchAll(/'((?:memcached|rediss?|redis\+unix|redis-cluster|redis-sentinel|mysql|mariadb|postgres|postgresql|files|cookie):[^'\\]*)'/g)])
  .map((m) => m[1] as string)
  .filter((u) => !('error' in parseStoreUrl(u)));

const ODD = ['p@ss/w0rd', 'S3cr@tPw', 'pa/ss', '100%:sure', 'with space', 'a:b@c/d%e f?g#h', '@', '/', ':', '%', ' '];

describe('shownStoreUrl', () => {
  it('means the same store: parsing it gives the same spec (password ***), for every URL the parsers\' tests use', () => {
    expect(CORPUS.length).toBeGreaterThan(30);
    for (const url of CORPUS) {
      const shown = shownStoreUrl(spec(url));
      expect(spec(shown), `${url} shown as ${shown}`).toEqual(masked(spec(url)));
    }
  });

  it('the issue\'s URLs: the password is not shown, whatever it holds', () => {
    expect(shownStoreUrl(spec('redis://:p@ss/w0rd@host'))).toBe('redis://:***@host:6379');
    expect(shownStoreUrl(spec('mysql://isauth:S3cr@tPw@db/app'))).toBe('mysql://isauth:***@db:3306/app');
    expect(shownStoreUrl(spec('redis://:pa/ss@host/2'))).toBe('redis://:***@host:6379/2');
    expect(shownStoreUrl(spec('redis://user:hunter2@cache:6379/1'))).toBe('redis://user:***@cache:6379/1');
    expect(shownStoreUrl(spec('redis://cache'))).toBe('redis://cache:6379');
    expect(shownStoreUrl(spec('files:/var/lib/php/sessions'))).toBe('files:/var/lib/php/sessions');
  });

  it('passwords with @ / % : spaces ? #, percent-encoded, in every kind that takes one', () => {
    for (const pw of ODD) {
      const e = encodeURIComponent(pw);
      for (const url of [
        `redis://:${e}@h:6379/1?prefix=p`,
        `redis://u:${e}@h1:1,h2:2:3`,
        `rediss://u:${e}@h?ca=%2Fca.pem`,
        `redis-cluster://:${e}@a:7000,b:7001?read=replica`,
        `redis-sentinel://u:${e}@s1:26379,s2/mymaster/3?read=replica&tls=1`,
        `mysql://isauth:${e}@db:3307/app?schema=laravel&replica=r2`,
        `postgres://isauth:${e}@db/app?table=t&id=i&data=d&expires=`,
      ]) {
        const s = spec(url);
        expect('password' in s && s.password).toBe(pw);
        const shown = shownStoreUrl(s);
        expect(shown).toContain(':***@');
        if (pw.length > 1) expect(shown).not.toContain(e);
        if (pw.length > 1) expect(shown).not.toContain(pw);
        expect(spec(shown)).toEqual(masked(s));
      }
    }
  });

  it('any user name and password (fast-check): the password never shows, the user name does', () => {
    const MARK = 'Qv7Zk';
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constantFrom('redis', 'rediss', 'redis-cluster', 'mysql', 'postgres'), (user, rest, scheme) => {
        const pw = `${MARK}${rest}`;
        const path = scheme === 'mysql' || scheme === 'postgres' ? '/app' : '';
        const s = spec(`${scheme}://${encodeURIComponent(user)}:${encodeURIComponent(pw)}@h:1${path}`);
        const shown = shownStoreUrl(s);
        expect(shown).not.toContain(MARK);
        expect(spec(shown)).toEqual(masked(s));
      }),
    );
  });
});

describe('parse errors of a URL that may hold a password', () => {
  it('quote nothing from it (a password with an unencoded ? # / splits where the user did not mean)', () => {
    for (const url of [
      'redis://:Secret?Word@host',
      'redis://:Secret#Word@host',
      'memcached://user:SecretWord@host',
      'mysql://isauth:Secret/Word@db/app',
      'mysql://isauth:12?schema=SecretWord@db/app',
      'postgres://u:Secret Word@db/app?pool=SecretWord@',
      'redis-cluster://:SecretWord@a:1,b:x',
    ]) {
      const r = parseStoreUrl(url);
      expect('error' in r && r.error, url).toBeTypeOf('string');
      const error = (r as { error: string }).error;
      expect(error).not.toMatch(/Secret|Word/);
    }
  });

  it('still quote the value when the URL has no @ (no credentials to leak)', () => {
    expect(parseStoreUrl('memcached://host:99999')).toEqual({ error: 'memcached: bad port "99999"' });
  });
});
