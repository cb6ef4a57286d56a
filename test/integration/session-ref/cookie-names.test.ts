/**
 * The session cookie found in a Cookie header exactly as the APPLICATION finds it (issue 17),
 * with the application itself as the judge:
 *
 * - PHP (`php -S`, PHP's own server; `$_COOKIE` is what the session module, Symfony, Laravel and
 *   WordPress read): names with `.` and spaces become `_`, `[` makes arrays, whitespace before a
 *   name is dropped, first wins, 1,000 pairs at most — src/session-ref/cookie.ts;
 * - Django (its real `get_str_from_wsgi` + `parse_cookie`): last wins, names stripped, values
 *   unquoted — src/session-ref/django-cookie.ts.
 *
 * For every profile's cookie name: hand-picked headers, then fast-check generated ones, compared
 * one by one. Then through the real service with real sessions: `laravel.session=A;
 * laravel_session=B` is A for Laravel (isauth read B before), `PHPSESSID[a]=x; PHPSESSID=A` is no
 * session for PHP, `sessionid=A; sessionid=B` is B for Django. The cookie codecs' %-decoding is
 * PHP's too (a `+` stays a `+`).
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { urlDecode } from '../../../src/cookie-codec/url-decode.js';
import { findCookie, findDjangoCookie } from '../../../src/session-ref/index.js';
import { djangoSession, haveDjango, runPython } from '../../harness/django.js';
import { haveLaravel, laravelSession } from '../../harness/laravel.js';
import { havePhpExtensions } from '../../harness/php.js';
import { newSessionId, phpWriteSessions } from '../../harness/php-session.js';
import { spawnTracked, type Tracked } from '../../harness/process.js';
import { findProgram, havePrograms } from '../../harness/programs.js';
import { freePort, startMemcached, tempDir, waitForPort, type RunningServer } from '../../harness/servers.js';
import { startTestService, type TestService } from '../serve/in-process.js';

/** Every profile's session cookie name (plain/symfony, Laravel default and a slug, WordPress's, a `__Host-` one). */
const PHP_NAMES = ['PHPSESSID', 'laravel_session', 'my_shop_session', 'wordpress_logged_in_5d41402abc4b2a76b9719d911017c592', '__Host-PHPSESSID'];
const DJANGO_NAMES = ['sessionid', 'my_session.id'];

/** Headers every reader must get right (latin1 text = the bytes sent). */
const CASES = [
  'laravel.session=A; laravel_session=B',
  'laravel session=A; laravel_session=B',
  'laravel[session=A; laravel_session=B',
  'laravel_session=B; laravel.session=A',
  '  \tPHPSESSID=A',
  'PHPSESSID[a]=x; PHPSESSID=A',
  'PHPSESSID=A; PHPSESSID[a]=x',
  'PHPSESSID=A; PHPSESSID[]=x; PHPSESSID=B',
  `PHPSESSID=A; PHPSESSID${'[a]'.repeat(65)}=x; PHPSESSID=B`,
  `PHPSESSID=A; PHPSESSID${'[a]'.repeat(64)}=x; PHPSESSID=B`,
  'PHPSESSID[ ]=x',
  'PHPSESSID[x=A',
  'PHPSESSID.=A; PHPSESSID=B',
  'PHPSESSID',
  'PHPSESSID=; PHPSESSID=B',
  '=A; PHPSESSID=B;;;',
  'PHPSESSID=A=B; x',
  'PHPSESSID%5Ba%5D=x; PHPSESSID=A',
  '..Host-PHPSESSID=A; __Host-PHPSESSID=B',
  '__Host.PHPSESSID=A; __Host-PHPSESSID=B',
  '_.Host-PHPSESSID=A',
  'my.shop.session=A; my_shop_session=B',
  'my shop[session=A',
  'sessionid=A; sessionid=B',
  ' sessionid = "A\\"\\101" ; x',
  'sessionid=A; sessionid',
  'sessionid\xc2\xa0=A',
  'sessionid\xa0=A',
  'sessionid=A\x85; session.id=B; my_session.id=C',
  `${'a=1;'.repeat(999)}PHPSESSID=A`,
  `${'a=1;'.repeat(1000)}PHPSESSID=A`,
  `${'a=1;'.repeat(1000)};;; =;PHPSESSID=A`,
];

/** PHP's rawurldecode of `$_COOKIE` values, on latin1 text (%XX of two hex digits; anything else kept). */
function rawUrlDecode(s: string): string {
  return s.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** A header made of the interesting pieces: names that mangle into the target, brackets, whitespace, quotes. */
function headerArbitrary(target: string): fc.Arbitrary<string> {
  const mangle = (c: string): fc.Arbitrary<string> => (c === '_' ? fc.constantFrom('_', '.', ' ', '[', '_') : fc.constant(c));
  const similar = fc
    .tuple(
      fc.constantFrom('', ' ', '  ', '\t', '.', '[', '_', '\xa0', '"'),
      fc.tuple(...[...target].map(mangle)).map((cs) => cs.join('')),
      fc.constantFrom('', '', '', '[a]', '[]', '[ ]', '[', ']', '[a][b]', '[a]x', '.', ' ', '\xc2\xa0', '\x85', '[a'),
    )
    .map(([a, b, c]) => a + b + c);
  const other = fc.string({ unit: fc.constantFrom(...'ab_.[] =%"\\\t'), maxLength: 8 });
  const value = fc.string({ unit: fc.constantFrom(...'AB01=%2+ "\\\t.\xe9'), maxLength: 8 });
  const pair = fc.tuple(fc.oneof({ weight: 3, arbitrary: similar }, { weight: 1, arbitrary: other }), fc.option(value, { nil: undefined })).map(([n, v]) => (v === undefined ? n : `${n}=${v}`));
  return fc.array(pair, { minLength: 1, maxLength: 6 }).chain((pairs) =>
    fc.array(fc.constantFrom(';', '; ', ';;', ' ;', ';\t'), { minLength: pairs.length, maxLength: pairs.length }).map((seps) => pairs.map((p, i) => p + (i < pairs.length - 1 ? seps[i] : '')).join('')),
  );
}

const ready = havePrograms('php');

describe.runIf(ready)('cookies as PHP reads them ($_COOKIE, judged by php -S)', () => {
  let php: Tracked;
  let port: number;

  beforeAll(async () => {
    const dir = tempDir('php-cookies');
    writeFileSync(
      join(dir, 'router.php'),
      `<?php
$o = [];
foreach ($_COOKIE as $k => $v) $o[] = [base64_encode((string) $k), is_string($v) ? base64_encode($v) : null];
header('Content-Type: application/json');
echo json_encode($o);
`,
    );
    port = await freePort();
    php = spawnTracked('php -S', findProgram('php')!, ['-S', `127.0.0.1:${port}`, '-t', dir, join(dir, 'router.php')], { keepStdout: false });
    await php.started(waitForPort(port));
  });
  afterAll(async () => {
    await php?.stop();
  });

  /** `$_COOKIE[name]` for this Cookie header: the string, null for an array, undefined when absent. */
  async function phpCookie(header: string, name: string): Promise<string | null | undefined> {
    const body = await new Promise<string>((resolve, reject) => {
      const s = connect(port, '127.0.0.1');
      let d = '';
      s.setEncoding('latin1');
      s.on('data', (x: string) => (d += x));
      s.on('end', () => resolve(d.slice(d.indexOf('\r\n\r\n') + 4)));
      s.on('error', reject);
      s.write(Buffer.from(`GET / HTTP/1.1\r\nHost: x\r\nCookie: ${header}\r\nConnection: close\r\n\r\n`, 'latin1'));
    });
    const entries = JSON.parse(body) as Array<[string, string | null]>;
    const hit = entries.find(([k]) => Buffer.from(k, 'base64').toString('latin1') === name);
    if (hit === undefined) return undefined;
    return hit[1] === null ? null : Buffer.from(hit[1], 'base64').toString('latin1');
  }

  const seen = { string: 0, array: 0, absent: 0, mangled: 0 };

  /**
   * isauth's cookie (findCookie) %-decoded must be PHP's `$_COOKIE[name]`; and the cookie codecs'
   * own decoding (urlDecode) gives the same, or refuses a value that PHP keeps with a malformed
   * escape or bytes outside ASCII (no session id either way).
   */
  async function expectSame(header: string, name: string): Promise<void> {
    const want = await phpCookie(header, name);
    const raw = findCookie(header, name);
    const why = `${JSON.stringify(header)} → $_COOKIE[${name}] = ${JSON.stringify(want)}`;
    expect(raw === undefined ? undefined : rawUrlDecode(raw), why).toBe(want ?? undefined);
    if (raw !== undefined) {
      const decoded = urlDecode(raw);
      if (decoded !== undefined) expect(decoded, why).toBe(want);
      else expect(/%(?![0-9A-Fa-f]{2})|[^\x00-\x7f]/.test(want ?? ''), why).toBe(true);
    }
    seen[typeof want === 'string' ? 'string' : want === null ? 'array' : 'absent']++;
    if (typeof want === 'string' && !header.includes(`${name}=`)) seen.mangled++;
  }

  it('hand-picked headers, for every profile\'s cookie name', async () => {
    for (const name of PHP_NAMES) for (const header of CASES) await expectSame(header.replace(/PHPSESSID|laravel_session|laravel.session/g, (m) => (m === 'PHPSESSID' ? name : m)), name);
    for (const header of CASES) for (const name of PHP_NAMES) await expectSame(header, name);
  }, 120_000);

  it('the issue\'s case: laravel.session=A; laravel_session=B is A', async () => {
    expect(await phpCookie('laravel.session=A; laravel_session=B', 'laravel_session')).toBe('A');
    expect(findCookie('laravel.session=A; laravel_session=B', 'laravel_session')).toBe('A');
  });

  for (const name of PHP_NAMES) {
    it(`fast-check: 300 generated headers around ${name}`, async () => {
      for (const header of fc.sample(headerArbitrary(name), { numRuns: 300, seed: 17 })) await expectSame(header, name);
    }, 120_000);
  }

  it('the generated headers covered each outcome: a string, an array, absent, a mangled name', () => {
    expect(seen.string).toBeGreaterThan(200);
    expect(seen.array).toBeGreaterThan(50);
    expect(seen.absent).toBeGreaterThan(50);
    expect(seen.mangled).toBeGreaterThan(50);
  });
});

describe.runIf(haveDjango())('cookies as Django reads them (request.COOKIES, judged by Django)', () => {
  /** Django's request.COOKIES.get(name) for each header, in one python run. */
  function djangoCookies(cases: ReadonlyArray<readonly [string, string]>): Array<string | null> {
    const code = `
import json, sys
from django.core.handlers.wsgi import get_str_from_wsgi
from django.http.cookie import parse_cookie
out = []
for header, name in json.load(sys.stdin):
    out.append(parse_cookie(get_str_from_wsgi({'HTTP_COOKIE': header}, 'HTTP_COOKIE', '')).get(name))
print(json.dumps(out))
`;
    return JSON.parse(runPython(code, JSON.stringify(cases)).toString()) as Array<string | null>;
  }

  function expectSame(cases: ReadonlyArray<readonly [string, string]>): void {
    const want = djangoCookies(cases);
    cases.forEach(([header, name], i) => {
      expect(findDjangoCookie(header, name), `${JSON.stringify(header)} → COOKIES[${name}] = ${JSON.stringify(want[i])}`).toBe(want[i] ?? undefined);
    });
  }

  it('hand-picked headers', () => {
    expectSame(CASES.flatMap((h) => DJANGO_NAMES.map((n) => [h, n] as const)));
    expect(findDjangoCookie('sessionid=A; sessionid=B', 'sessionid')).toBe('B');
  });

  it('fast-check: 600 generated headers', () => {
    expectSame(DJANGO_NAMES.flatMap((n) => fc.sample(headerArbitrary(n), { numRuns: 300, seed: 17 }).map((h) => [h, n] as const)));
  });
});

describe.runIf(havePrograms('memcached') && havePhpExtensions('memcached') && haveLaravel('memcached') && haveDjango('pymemcache'))('the session a visitor has, through the real service', () => {
  let mc: RunningServer;
  const services: TestService[] = [];
  const service = async (flags: string[]): Promise<TestService> => {
    const s = await startTestService(mc.url, {}, flags);
    services.push(s);
    return s;
  };

  beforeAll(async () => {
    mc = await startMemcached();
  });
  afterAll(async () => {
    for (const s of services) await s.close();
    await mc?.stop();
  });

  it('plain PHP: an array cookie of the same name is no session; whitespace and first-wins as PHP', async () => {
    const user = newSessionId();
    const guest = newSessionId();
    phpWriteSessions({ handler: 'memcached', savePath: `127.0.0.1:${mc.port}` }, [[user, `$_SESSION['user'] = ['id' => 1];`], [guest, `$_SESSION['cart'] = [];`]]);
    const svc = await service(['--auth', 'user|id']);
    expect(await svc.auth(`PHPSESSID=${user}`)).toEqual(['auth', '1']);
    expect(await svc.auth(`PHPSESSID[a]=x; PHPSESSID=${user}`)).toEqual(['anon', '0']);
    expect(await svc.auth(`PHPSESSID=${user}; PHPSESSID[]=x`)).toEqual(['anon', '0']);
    expect(await svc.auth(`PHPSESSID=${guest}; PHPSESSID=${user}`)).toEqual(['anon', '0']);
    expect(await svc.auth(`PHPSESSID.=${guest}; \tPHPSESSID=${user}`)).toEqual(['auth', '1']);
  });

  it('Laravel: laravel.session=A; laravel_session=B reads A, as Laravel does', async () => {
    const appKey = `base64:${randomBytes(32).toString('base64')}`;
    const write = (loggedIn: boolean) => laravelSession({ driver: 'memcached', appKey, loggedIn, memcached: { host: '127.0.0.1', port: mc.port } });
    const svc = await service(['--framework', 'laravel', '--app-key', appKey]);
    const user = write(true);
    const guest = write(false);
    expect(await svc.auth(`laravel.session=${user.cookieValue}; laravel_session=${guest.cookieValue}`)).toEqual(['auth', '1']);
    expect(await svc.auth(`laravel_session=${guest.cookieValue}; laravel.session=${user.cookieValue}`)).toEqual(['anon', '0']);
    expect(await svc.auth(`laravel[session=${user.cookieValue}`)).toEqual(['auth', '1']);
  });

  it('Django: sessionid=A; sessionid=B reads B, as Django does', async () => {
    const SECRET = 'django-insecure-cookie-names-test-key-0123456789';
    const user = djangoSession({ backend: 'cache', loggedIn: true, secretKey: SECRET, cacheLocation: mc.url });
    const guest = djangoSession({ backend: 'cache', loggedIn: false, secretKey: SECRET, cacheLocation: mc.url });
    const svc = await service(['--framework', 'django']);
    expect(await svc.auth(`sessionid=${guest.cookieValue}; sessionid=${user.cookieValue}`)).toEqual(['auth', '1']);
    expect(await svc.auth(`sessionid=${user.cookieValue}; sessionid=${guest.cookieValue}`)).toEqual(['anon', '0']);
    expect(await svc.auth(`session.id=${user.cookieValue}`)).toEqual(['anon', '0']); // no mangling in Django
    expect(await svc.auth(` sessionid = "${user.cookieValue}" `)).toEqual(['auth', '1']);
  });
});
