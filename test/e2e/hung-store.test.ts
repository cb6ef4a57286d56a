/**
 * The session store hung (memcached SIGSTOPped) while a logged-in visitor asks for a page that
 * PHP renders: isauth answers bypass at once, PHP waits for the store — the demo pool's settings
 * (examples/php-app/php-fpm.conf) must make PHP give up before nginx's 30 s fastcgi_read_timeout,
 * so the visitor gets a (degraded, logged-out) page, never a 5xx. Slow by nature: ~26 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { havePrograms } from '../harness/programs.js';
import { Visitor } from './support/browser.js';
import { startStack, type Stack } from './support/stack.js';

describe.runIf(havePrograms('nginx', 'php-fpm', 'memcached'))('a hung session store', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ isauthOver: 'tcp' });
  });
  afterAll(async () => {
    s?.memcached.resume();
    await s?.stop();
  });

  it('a logged-in visitor gets a page from PHP before nginx times out — not a 5xx', async () => {
    const member = new Visitor(s.nginx.url);
    await member.login();
    expect((await member.get('/members/')).status).toBe(200);
    await s.memcached.pause();
    const t0 = Date.now();
    const page = await member.get('/members/');
    const ms = Date.now() - t0;
    s.memcached.resume();
    expect(page.status).toBeLessThan(500);
    expect(ms).toBeLessThan(30_000);
  }, 60_000);
});
