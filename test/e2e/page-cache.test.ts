/**
 * Full-page cache with variants through the shipped nginx files, the demo app, php-fpm,
 * memcached and the real isauth: which variant is served, and whether it came from memcached.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { havePrograms } from '../harness/programs.js';
import { mcDelete, mcGet, mcKeys, mcSet } from '../harness/memcached-text.js';
import { startStack, type Stack } from './support/stack.js';
import { renderIdOf, variantOf, Visitor } from './support/browser.js';

const HOST = '127.0.0.1'; // $host nginx sees for http://127.0.0.1:PORT

describe.runIf(havePrograms('nginx', 'php-fpm', 'memcached'))('page cache with variants', () => {
  let s: Stack;
  const key = (variant: string, uri: string): string => `isauth:page:${variant}:${HOST}${uri}`;

  beforeAll(async () => {
    s = await startStack();
  });
  afterAll(async () => {
    await s?.stop();
  });
  beforeEach(async () => {
    for (const k of await mcKeys(s.memcached.port, 'isauth:page:')) await mcDelete(s.memcached.port, k);
  });

  it('anonymous: a miss is rendered by PHP and stored; the next request comes from memcached', async () => {
    const v = new Visitor(s.nginx.url);
    const first = await v.get('/article/hello');
    expect(first.status).toBe(200);
    expect(first.from).toBe('php');
    expect(variantOf(first)).toBe('anon');
    expect(first.headers.get('x-page-stored')).toBe('yes');
    expect((await mcGet(s.memcached.port, key('anon', '/article/hello')))?.toString()).toBe(first.body);

    const php = await s.phpRequests();
    const second = await v.get('/article/hello');
    expect(second.status).toBe(200);
    expect(second.from).toBe('cache');
    expect(second.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(renderIdOf(second)).toBe(renderIdOf(first)); // the same rendering, served by nginx
    expect(await s.phpRequests()).toBe(php); // PHP was not called
    expect(v.cookie).toBeUndefined(); // visitors get no session
  });

  it('a miss asks isauth once (auth_request off in the PHP fallback); a POST not at all', async () => {
    const v = new Visitor(s.nginx.url);
    const before = await s.isauth.requestsAnswered('auth');
    expect((await v.get('/article/variants')).from).toBe('php');
    expect(await s.isauth.requestsAnswered('auth')).toBe(before + 1);
    expect((await v.get('/article/variants')).from).toBe('cache');
    expect(await s.isauth.requestsAnswered('auth')).toBe(before + 2);
    await v.request('/article/variants', { method: 'POST', form: {} });
    expect(await s.isauth.requestsAnswered('auth')).toBe(before + 2);
  });

  it('serves exactly what the app wrote under the documented key, per variant', async () => {
    await mcSet(s.memcached.port, key('anon', '/'), '<p>anon from cache</p>');
    await mcSet(s.memcached.port, key('auth', '/'), '<p>auth from cache</p>');
    const v = new Visitor(s.nginx.url);
    const php = await s.phpRequests();
    expect((await v.get('/')).body).toBe('<p>anon from cache</p>');
    await v.login();
    const page = await v.get('/');
    expect(page.body).toBe('<p>auth from cache</p>');
    expect(page.headers.get('x-cache-variant')).toBe('auth');
    expect(await s.phpRequests()).toBe(php + 1); // only the login POST reached PHP
  });

  it('login (POST) → member page; logout → visitor page again', async () => {
    const v = new Visitor(s.nginx.url);
    expect(variantOf(await v.get('/'))).toBe('anon');
    const login = await v.login('bob');
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/');
    expect(v.cookie).toMatch(/^[0-9a-zA-Z,-]{22,}$/);

    const member = await v.get('/');
    expect(member.from).toBe('php'); // the auth variant was not cached yet
    expect(variantOf(member)).toBe('auth');
    const cached = await v.get('/');
    expect(cached.from).toBe('cache');
    expect(variantOf(cached)).toBe('auth');
    expect(variantOf(await new Visitor(s.nginx.url).get('/'))).toBe('anon'); // others: still anon

    expect((await v.logout()).status).toBe(303);
    expect(v.cookie).toBeUndefined();
    const after = await v.get('/');
    expect(variantOf(after)).toBe('anon');
    expect(after.from).toBe('cache');
  });

  it('a logged-out session cookie that is still sent gets the visitor page', async () => {
    const v = new Visitor(s.nginx.url);
    await v.login();
    const stale = v.cookie;
    await v.logout();
    v.cookie = stale; // a client that ignores the expired cookie
    expect(variantOf(await v.get('/article/variants'))).toBe('anon');
  });

  it('POST never reaches the cache or isauth: PHP answers it', async () => {
    await mcSet(s.memcached.port, key('anon', '/'), 'cached');
    const v = new Visitor(s.nginx.url);
    const php = await s.phpRequests();
    const post = await v.request('/', { method: 'POST', form: { a: '1' } });
    expect(post.from).toBe('php');
    expect(post.body).not.toBe('cached');
    expect(await s.phpRequests()).toBe(php + 1);
  });

  it('HEAD is answered from the cache too', async () => {
    await mcSet(s.memcached.port, key('anon', '/article/hello'), 'cached-body');
    const res = await fetch(`${s.nginx.url}/article/hello`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-page-cache')).toBe('hit');
    expect(res.headers.get('content-length')).toBe('11');
  });

  it('query strings and escaped bytes: the app computes the same key nginx reads', async () => {
    const v = new Visitor(s.nginx.url);
    const uri = '/article/hello?ref=a%20b&x=%25';
    const first = await v.get(uri);
    expect(first.from).toBe('php');
    expect(await mcGet(s.memcached.port, key('anon', '/article/hello?ref=a%2520b&x=%2525'))).not.toBeNull();
    expect((await v.get(uri)).from).toBe('cache');
  });

  it('a URL too long for a memcached key is still served, by PHP (never a 500)', async () => {
    const v = new Visitor(s.nginx.url);
    const uri = `/article/hello?pad=${'x'.repeat(300)}`;
    const first = await v.get(uri);
    expect(first.status).toBe(200);
    expect(first.from).toBe('php');
    expect(first.headers.get('x-page-stored')).toBe('no');
    expect((await v.get(uri)).from).toBe('php');
  });

  it('unknown pages: 404 from PHP, nothing cached', async () => {
    const res = await new Visitor(s.nginx.url).get('/no/such/page');
    expect(res.status).toBe(404);
    expect(res.from).toBe('php');
    expect(await mcKeys(s.memcached.port, 'isauth:page:')).toEqual([]);
  });
});
