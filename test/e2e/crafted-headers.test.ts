/**
 * The shipped nginx files let isauth's PHP-exact cookie parser decide: for 22 crafted Cookie
 * headers (case, commas, spaces, quotes, %-escapes, arrays, duplicates, two Cookie lines…) the
 * variant nginx serves from the cache is the one PHP renders for the same request. Also: static
 * files never reach isauth or PHP, and the request id reaches isauth.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { havePrograms } from '../harness/programs.js';
import { mcSet } from '../harness/memcached-text.js';
import { startStack, type Stack } from './support/stack.js';
import { Visitor } from './support/browser.js';

const HOST = '127.0.0.1';

/** One raw HTTP/1.1 request (so duplicate Cookie lines reach nginx as they are); the response text. */
function raw(port: number, method: string, path: string, headerLines: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, HOST, () => {
      sock.write(`${method} ${path} HTTP/1.1\r\nHost: ${HOST}\r\nConnection: close\r\n${method === 'POST' ? 'Content-Length: 0\r\n' : ''}${headerLines.map((h) => `${h}\r\n`).join('')}\r\n`);
    });
    const chunks: Buffer[] = [];
    sock.on('data', (c) => chunks.push(c));
    sock.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    sock.on('error', reject);
  });
}

/** The 22 crafted headers, for a valid logged-in id S (S' = a well-formed id with no session). */
function cases(S: string): Array<[string, string[]]> {
  const other = 'z'.repeat(26);
  const pct = `%${S.charCodeAt(0).toString(16)}${S.slice(1)}`;
  return [
    ['plain', [`Cookie: PHPSESSID=${S}`]],
    ['lower-case name', [`Cookie: phpsessid=${S}`]],
    ['comma after', [`Cookie: PHPSESSID=${S}, a=1`]],
    ['comma before', [`Cookie: a=1, PHPSESSID=${S}`]],
    ['leading space', [`Cookie:    PHPSESSID=${S}`]],
    ['space before =', [`Cookie: PHPSESSID =${S}`]],
    ['space after =', [`Cookie: PHPSESSID= ${S}`]],
    ['trailing space', [`Cookie: PHPSESSID=${S} ; a=1`]],
    ['quoted', [`Cookie: PHPSESSID="${S}"`]],
    ['%-escaped', [`Cookie: PHPSESSID=${pct}`]],
    ['array name', [`Cookie: PHPSESSID[]=${S}`]],
    ['dot in name', [`Cookie: PHPSESSID.=${S}`]],
    ['two, unknown first', [`Cookie: PHPSESSID=${other}; PHPSESSID=${S}`]],
    ['two, valid first', [`Cookie: PHPSESSID=${S}; PHPSESSID=${other}`]],
    ['two lines, other first', ['Cookie: a=1', `Cookie: PHPSESSID=${S}`]],
    ['two lines, unknown id first', [`Cookie: PHPSESSID=${other}`, `Cookie: PHPSESSID=${S}`]],
    ['two lines, valid id first', [`Cookie: PHPSESSID=${S}`, `Cookie: PHPSESSID=${other}`]],
    ['empty pieces', [`Cookie: ;; ;PHPSESSID=${S};`]],
    ['tab separated', [`Cookie: a=1;\tPHPSESSID=${S}`]],
    // PHP's name rules (main/php_variables.c): `[…]` makes $_COOKIE['PHPSESSID'] an array — even
    // over a string read before it — which is no session; a `.` in a name is a `_`.
    ['array after the id', [`Cookie: PHPSESSID=${S}; PHPSESSID[a]=x`]],
    ['array before the id', [`Cookie: PHPSESSID[a]=x; PHPSESSID=${S}`]],
    ['mangled name first', [`Cookie: PHPSESSID.=${other}; PHPSESSID=${S}`]],
  ];
}

const servedBody = (resp: string) => resp.slice(resp.indexOf('\r\n\r\n') + 4);

describe.runIf(havePrograms('nginx', 'php-fpm', 'memcached'))('crafted headers through the shipped nginx files', () => {
  let s: Stack;
  let S: string;
  beforeAll(async () => {
    s = await startStack();
    const v = new Visitor(s.nginx.url);
    await v.login('carol');
    S = v.cookie!;
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('22 crafted Cookie headers: the cached variant served is the one PHP renders', async () => {
    const page = '/article/crafted';
    for (const variant of ['anon', 'auth']) await mcSet(s.memcached.port, `isauth:page:${variant}:${HOST}${page}`, `CACHED:${variant}`);
    const list = cases(S);
    expect(list).toHaveLength(22);
    const wrong: string[] = [];
    for (const [name, lines] of list) {
      const served = servedBody(await raw(s.nginx.port, 'GET', page, lines));
      // POST goes straight to PHP (no isauth): what PHP itself renders for these headers.
      const php = /<body data-variant="([^"]+)"/.exec(await raw(s.nginx.port, 'POST', page, lines))?.[1];
      const cached = /^CACHED:(\w+)$/.exec(served)?.[1];
      // Served by PHP (bypass) is always right; a cached page must be PHP's variant.
      if (cached !== undefined && cached !== php) wrong.push(`${name}: cache served ${cached}, PHP renders ${php}`);
    }
    expect(wrong).toEqual([]);
  });

  it('static files are served by nginx: neither isauth nor PHP is asked, not even for a 404', async () => {
    const before = [await s.isauth.requestsAnswered('auth'), await s.phpRequests()];
    const ok = await fetch(`${s.nginx.url}/robots.txt`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('User-agent');
    const missing = await fetch(`${s.nginx.url}/nope.css`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-rendered-by')).toBeNull();
    expect([await s.isauth.requestsAnswered('auth'), await s.phpRequests()]).toEqual(before);
  });
});
