/**
 * Protect mode (nginx/isauth-protect.conf → isauth /auth/required): anonymous visitors are sent
 * to the login page with the original URL, members get the page; with isauth down the app's own
 * check still holds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { havePrograms } from '../harness/programs.js';
import { startStack, type Stack } from './support/stack.js';
import { Visitor } from './support/browser.js';

describe.runIf(havePrograms('nginx', 'php-fpm', 'memcached'))('protect mode', () => {
  let s: Stack;

  beforeAll(async () => {
    s = await startStack();
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('anonymous → 302 to /login with the original URL, decided by nginx (PHP not called)', async () => {
    const php = await s.phpRequests();
    const res = await new Visitor(s.nginx.url).get('/members/settings?tab=a&x=1');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/login?next=/members/settings?tab=a&x=1`);
    expect(await s.phpRequests()).toBe(php);
  });

  it('the login form carries `next` and login returns to it', async () => {
    const v = new Visitor(s.nginx.url);
    const form = await v.get('/login?next=/members/settings?tab=a&x=1');
    expect(form.status).toBe(200);
    expect(form.body).toContain('name="next" value="/members/settings?tab=a&amp;x=1"');
    const login = await v.request('/login', {
      method: 'POST',
      form: { user: 'dave', password: 'demo', next: '/members/settings?tab=a&x=1' },
    });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/members/settings?tab=a&x=1');
    const page = await v.get('/members/settings?tab=a&x=1');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<strong class="user">dave</strong>');
  });

  it('an off-site `next` is not followed', async () => {
    const v = new Visitor(s.nginx.url);
    const login = await v.request('/login', { method: 'POST', form: { user: 'eve', password: 'demo', next: '//evil.example/' } });
    expect(login.headers.get('location')).toBe('/');
  });

  it('wrong password: 403 from PHP, no session', async () => {
    const v = new Visitor(s.nginx.url);
    const res = await v.request('/login', { method: 'POST', form: { user: 'x', password: 'nope' } });
    expect(res.status).toBe(403);
    expect((await v.get('/members/')).status).toBe(302);
  });

  it('logged in, then logged out → redirected again', async () => {
    const v = new Visitor(s.nginx.url);
    await v.login('frank');
    expect((await v.get('/members/')).status).toBe(200);
    await v.logout();
    expect((await v.get('/members/')).status).toBe(302);
  });

  it('isauth down: PHP decides — members still get the page, visitors still the login redirect', async () => {
    const member = new Visitor(s.nginx.url);
    await member.login('grace');
    await s.isauth.stop();
    try {
      const page = await member.get('/members/');
      expect(page.status).toBe(200);
      expect(page.from).toBe('php');
      expect(page.body).toContain('grace');
      const anon = await new Visitor(s.nginx.url).get('/members/');
      expect(anon.status).toBe(302);
      expect(anon.from).toBe('php');
      expect(anon.headers.get('location')).toBe('/login?next=/members/');
    } finally {
      await s.isauth.restart();
    }
  });
});
