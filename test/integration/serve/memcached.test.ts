/**
 * The service against real memcached, with sessions written by real PHP through php-memcached's
 * session handler: logged in, logged out, empty, missing, custom variants, hostile cookies and
 * session bytes, /auth/required, and the store going away and coming back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mcSet, mcStat } from '../../harness/memcached-text.js';
import { havePhpExtensions } from '../../harness/php.js';
import { newSessionId, phpWriteSessions, type PhpSessionTarget } from '../../harness/php-session.js';
import { havePrograms } from '../../harness/programs.js';
import { startMemcached, type RunningServer } from '../../harness/servers.js';
import { startTestService, type TestService } from './in-process.js';

const ready = havePrograms('memcached') && havePhpExtensions('memcached');

describe.runIf(ready)('serve with the memcached store', () => {
  let server: RunningServer;
  let svc: TestService;
  let php: PhpSessionTarget;
  const ids = { user: newSessionId(), guest: newSessionId(), admin: newSessionId(), empty: newSessionId() };

  beforeAll(async () => {
    server = await startMemcached();
    php = { handler: 'memcached', savePath: `127.0.0.1:${server.port}` };
    phpWriteSessions(php, [
      [ids.user, `$_SESSION['user'] = ['id' => 42, 'role' => 'editor']; $_SESSION['cart'] = [1, 2];`],
      [ids.guest, `$_SESSION['cart'] = [3]; $_SESSION['user'] = null;`],
      [ids.admin, `$_SESSION['user'] = ['id' => 1, 'role' => 'admin'];`],
      [ids.empty, `$_SESSION['tmp'] = 1; unset($_SESSION['tmp']);`],
    ]);
    svc = await startTestService(server.url, {
      auth: ['user|id'],
      variants: ['admin=user|role=admin'],
    });
  });
  afterAll(async () => {
    await svc?.close();
    await server?.stop();
  });

  it('answers auth for a logged-in session, anon for a guest, the custom variant first', async () => {
    expect(await svc.auth(`PHPSESSID=${ids.user}`)).toEqual(['auth', '1']);
    expect(await svc.auth(`PHPSESSID=${ids.guest}`)).toEqual(['anon', '0']);
    expect(await svc.auth(`PHPSESSID=${ids.admin}`)).toEqual(['admin', '1']);
  });

  it('answers anon for an empty session, a missing session and no cookie', async () => {
    expect(await svc.auth(`PHPSESSID=${ids.empty}`)).toEqual(['anon', '0']);
    expect(await svc.auth(`PHPSESSID=${newSessionId()}`)).toEqual(['anon', '0']);
    expect(await svc.auth(undefined)).toEqual(['anon', '0']);
    expect(await svc.auth('other=1')).toEqual(['anon', '0']);
  });

  it('answers 200 with an empty body and no-store', async () => {
    const res = await svc.get('/auth', { cookie: `PHPSESSID=${ids.user}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe('0');
    expect(await res.text()).toBe('');
  });

  it('takes the id from X-Session-Id too', async () => {
    const res = await svc.get('/auth', { 'x-session-id': ids.user });
    expect(res.headers.get('x-cache-variant')).toBe('auth');
  });

  it('first of two same-named cookies wins, as in PHP', async () => {
    expect(await svc.auth(`PHPSESSID=${ids.guest}; PHPSESSID=${ids.user}`)).toEqual(['anon', '0']);
    expect(await svc.auth(`PHPSESSID=${ids.user}; PHPSESSID=${ids.guest}`)).toEqual(['auth', '1']);
  });

  it('maps the decision to 200/401 on /auth/required, with empty bodies', async () => {
    const yes = await svc.get('/auth/required', { cookie: `PHPSESSID=${ids.user}` });
    const no = await svc.get('/auth/required', { cookie: `PHPSESSID=${ids.guest}` });
    expect([yes.status, await yes.text()]).toEqual([200, '']);
    expect([no.status, await no.text()]).toEqual([401, '']);
  });

  it('keeps hostile cookies away from the store entirely', async () => {
    const before = await mcStat(server.port, 'cmd_get');
    const hostile = [
      'PHPSESSID=../../etc/passwd',
      'PHPSESSID=abc%0D%0Aflush_all',
      'PHPSESSID=abc def',
      `PHPSESSID=${'a'.repeat(300)}`,
      'PHPSESSID=abc%00def',
      'PHPSESSID=%2e%2e%2f%2e%2e%2f',
      'PHPSESSID=x%20get%20y',
    ];
    for (const cookie of hostile) expect(await svc.auth(cookie)).toEqual(['anon', '0']);
    expect(await mcStat(server.port, 'cmd_get')).toBe(before);
  });

  it('answers bypass for session bytes it cannot decode, and counts them', async () => {
    const id = newSessionId();
    await mcSet(server.port, `memc.sess.key.${id}`, Buffer.from('user|a:99999:{i:0;'));
    expect(await svc.auth(`PHPSESSID=${id}`)).toEqual(['bypass', 'unknown']);
    const req = await svc.get('/auth/required', { cookie: `PHPSESSID=${id}` });
    expect(req.status).toBe(503);
    const metrics = await (await svc.get('/metrics')).text();
    expect(metrics).toMatch(/isauth_decode_errors_total\{code="DECODE_[A-Z]+"\} [1-9]/);
    expect(metrics).toMatch(/isauth_requests_total\{endpoint="auth",variant="bypass"\} [1-9]/);
  });

  it.each([
    ['a nesting bomb far past the depth limit', Buffer.from(`user|${'a:1:{i:0;'.repeat(100_000)}N;${'}'.repeat(100_000)}`)],
    ['a declared string length of 2^62', Buffer.from('user|s:4611686018427387904:"x";')],
    ['an array count larger than the bytes left', Buffer.from('user|a:2147483647:{}')],
    ['binary garbage', Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 151 + 7) % 256))],
    ['a truncated session', Buffer.from('user|a:2:{s:2:"id";i:42;')],
    ['trailing garbage without a name', Buffer.from('user|i:1;garbage')],
  ])('answers bypass, fast, for %s', async (_label, bytes) => {
    const id = newSessionId();
    await mcSet(server.port, `memc.sess.key.${id}`, bytes);
    const t0 = performance.now();
    expect(await svc.auth(`PHPSESSID=${id}`)).toEqual(['bypass', 'unknown']);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('answers bypass for a value PHP stored compressed or typed (memcached flags), never guessing', async () => {
    const id = newSessionId();
    await mcSet(server.port, `memc.sess.key.${id}`, Buffer.from('user|a:1:{s:2:"id";i:1;}'), { flags: 0x30 });
    expect(await svc.auth(`PHPSESSID=${id}`)).toEqual(['bypass', 'unknown']);
  });

  it('treats __proto__ and constructor as plain session data', async () => {
    const id = newSessionId();
    await mcSet(server.port, `memc.sess.key.${id}`, Buffer.from('__proto__|a:1:{s:2:"id";i:1;}constructor|a:1:{s:4:"role";s:5:"admin";}'));
    expect(await svc.auth(`PHPSESSID=${id}`)).toEqual(['anon', '0']); // no `user`: polluting keys grant nothing
    expect(({} as Record<string, unknown>).id).toBeUndefined();
  });

  it('is ready while memcached runs; bypasses fast, fails /readyz and 503s when it stops; recovers', async () => {
    expect((await svc.get('/readyz')).status).toBe(200);
    await server.stop();
    const started = performance.now();
    expect(await svc.auth(`PHPSESSID=${ids.user}`)).toEqual(['bypass', 'unknown']);
    expect(performance.now() - started).toBeLessThan(1500); // refused: fails at once, not at the 2 s deadline
    expect((await svc.get('/auth/required', { cookie: `PHPSESSID=${ids.user}` })).status).toBe(503);
    const notReady = await svc.get('/readyz');
    expect(notReady.status).toBe(503);
    expect(await notReady.text()).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|memcached/i);
    expect((await svc.get('/healthz')).status).toBe(200);

    await server.restart();
    phpWriteSessions(php, [[ids.user, `$_SESSION['user'] = ['id' => 42];`]]);
    let answer: [string | null, string | null] = [null, null];
    for (let i = 0; i < 50; i++) {
      answer = await svc.auth(`PHPSESSID=${ids.user}`);
      if (answer[0] === 'auth') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(answer).toEqual(['auth', '1']);
    expect((await svc.get('/readyz')).status).toBe(200);
  });
});
