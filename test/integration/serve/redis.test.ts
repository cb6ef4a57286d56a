/** The service on Redis, with sessions written by real PHP through phpredis' session handler. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { havePhpExtensions } from '../../harness/php.js';
import { newSessionId, phpWriteSessions, type PhpSessionTarget } from '../../harness/php-session.js';
import { havePrograms } from '../../harness/programs.js';
import { startRedis, type RunningServer } from '../../harness/servers.js';
import { startTestService, type TestService } from './in-process.js';

const ready = havePrograms('redis-server') && havePhpExtensions('redis');

describe.runIf(ready)('serve with the redis store', () => {
  let server: RunningServer;
  let svc: TestService;
  let php: PhpSessionTarget;
  const ids = { user: newSessionId(), guest: newSessionId() };

  beforeAll(async () => {
    server = await startRedis();
    // A non-default database and prefix, as a site sharing its Redis would configure.
    php = {
      handler: 'redis',
      savePath: `tcp://127.0.0.1:${server.port}?database=3&prefix=shop:sess:`,
    };
    phpWriteSessions(php, [
      [ids.user, `$_SESSION['user_id'] = 42;`],
      [ids.guest, `$_SESSION['user_id'] = 0;`],
    ]);
    svc = await startTestService(`redis://127.0.0.1:${server.port}/3?prefix=shop:sess:`, { auth: ['user_id'] });
  });
  afterAll(async () => {
    await svc?.close();
    await server?.stop();
  });

  it('decides from what PHP wrote', async () => {
    expect(await svc.auth(`PHPSESSID=${ids.user}`)).toEqual(['auth', '1']);
    expect(await svc.auth(`PHPSESSID=${ids.guest}`)).toEqual(['anon', '0']);
    expect(await svc.auth(`PHPSESSID=${newSessionId()}`)).toEqual(['anon', '0']);
  });

  it('bypasses fast while Redis is down, and recovers without a restart', async () => {
    await server.stop();
    const t0 = performance.now();
    expect(await svc.auth(`PHPSESSID=${ids.user}`)).toEqual(['bypass', 'unknown']);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect((await svc.get('/readyz')).status).toBe(503);
    await server.restart();
    phpWriteSessions(php, [[ids.user, `$_SESSION['user_id'] = 42;`]]);
    let answer: [string | null, string | null] = [null, null];
    for (let i = 0; i < 50 && answer[0] !== 'auth'; i++) {
      answer = await svc.auth(`PHPSESSID=${ids.user}`);
      if (answer[0] !== 'auth') await new Promise((r) => setTimeout(r, 100));
    }
    expect(answer).toEqual(['auth', '1']);
    expect((await svc.get('/readyz')).status).toBe(200);
  });
});
