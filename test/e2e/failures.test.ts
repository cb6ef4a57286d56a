/**
 * Failure paths of the shipped nginx files: isauth down, isauth slow, isauth unsure (bypass),
 * memcached down. Pages must still come (from PHP), never a 500, never the wrong variant.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { havePrograms } from '../harness/programs.js';
import { mcDelete, mcKeys, mcSet } from '../harness/memcached-text.js';
import { startStack, type Stack } from './support/stack.js';
import { variantOf, Visitor } from './support/browser.js';

const key = (variant: string, uri: string): string => `isauth:page:${variant}:127.0.0.1${uri}`;

describe.runIf(havePrograms('nginx', 'php-fpm', 'memcached'))('failure behaviour', () => {
  let s: Stack;
  let member: Visitor;
  let visitor: Visitor;

  beforeAll(async () => {
    s = await startStack();
  });
  afterAll(async () => {
    await s?.stop();
  });
  beforeEach(async () => {
    if (!s.memcached.running) await s.memcached.restart();
    if (!s.isauth.running) await s.isauth.restart();
    s.isauth.resume();
    for (const k of await mcKeys(s.memcached.port, 'isauth:page:')) await mcDelete(s.memcached.port, k);
    // Both variants cached with a recognisable body: anything else came from PHP.
    await mcSet(s.memcached.port, key('anon', '/'), 'CACHED-ANON');
    await mcSet(s.memcached.port, key('auth', '/'), 'CACHED-AUTH');
    visitor = new Visitor(s.nginx.url);
    member = new Visitor(s.nginx.url);
    await member.login('carol');
  });

  it('all up: both variants come from the cache (the baseline the other cases differ from)', async () => {
    expect((await visitor.get('/')).body).toBe('CACHED-ANON');
    expect((await member.get('/')).body).toBe('CACHED-AUTH');
  });

  it('isauth stopped: every page still 200, rendered by PHP in the right variant', async () => {
    await s.isauth.stop();
    for (const [v, variant] of [[visitor, 'anon'], [member, 'auth']] as const) {
      for (const path of ['/', '/article/hello']) {
        const page = await v.get(path);
        expect(page.status, `${variant} ${path}`).toBe(200);
        expect(page.from).toBe('php');
        expect(variantOf(page)).toBe(variant);
      }
    }
    // …and the cache is used again as soon as isauth is back (PHP re-stored what it rendered).
    await s.isauth.restart();
    const back = await member.get('/');
    expect(back.from).toBe('cache');
    expect(variantOf(back)).toBe('auth');
  });

  it('isauth slow (not answering): PHP renders the page after the short proxy timeout', async () => {
    s.isauth.pause();
    const t0 = Date.now();
    const page = await member.get('/');
    const ms = Date.now() - t0;
    s.isauth.resume();
    expect(page.status).toBe(200);
    expect(page.from).toBe('php');
    expect(variantOf(page)).toBe('auth');
    expect(ms).toBeLessThan(3000); // proxy_read_timeout 500ms, not nginx's default 60 s
    expect(ms).toBeGreaterThanOrEqual(400);
  });

  it('isauth answers bypass (session it cannot decode): PHP, never the cached page', async () => {
    const cookie = member.cookie ?? '';
    await mcSet(s.memcached.port, `memc.sess.key.${cookie}`, 'user|s:999:"broken";');
    const page = await member.get('/');
    expect(page.status).toBe(200);
    expect(page.from).toBe('php');
    expect(page.body).not.toContain('CACHED');
  });

  it('memcached stopped: pages still 200 from PHP (sessions unreadable → visitor view)', async () => {
    await s.memcached.kill();
    for (const v of [visitor, member]) {
      const page = await v.get('/article/hello');
      expect(page.status).toBe(200);
      expect(page.from).toBe('php');
    }
    expect((await visitor.request('/', { method: 'POST', form: {} })).status).toBe(200);
  });

  it('nginx logged no request that ended in a 500 to the client', async () => {
    await visitor.get('/');
    const { readFileSync } = await import('node:fs');
    const access = readFileSync(`${s.nginx.dir}/logs/access.log`, 'utf8');
    expect(access.split('\n').filter((l) => / 500 \d+ /.test(l))).toEqual([]);
    expect(access).toMatch(/" 200 /);
  });
});
