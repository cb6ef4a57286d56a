/**
 * WordPress as a cached site (docs/wordpress.md) — the real WordPress, the must-use plugin, the
 * shipped nginx/wordpress-*.conf, memcached, php-fpm and isauth `--framework wordpress`:
 * anonymous pages come from memcached without PHP, a fake logged-in cookie does not get past the
 * cache, logged-in visitors and administrators get PHP (or the administrators' own cache once the
 * site opts in), wp-admin, wp-login.php, POST, previews and feeds always PHP, and a changed post
 * is purged.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mcGet } from '../harness/memcached-text.js';
import { havePrograms } from '../harness/programs.js';
import { haveWordPress } from '../harness/wordpress.js';
import { WpVisitor, type WpPage } from '../harness/wordpress-http.js';
import { startWordPressStack, type WordPressStack } from './support/wordpress-stack.js';

const HOST = '127.0.0.1'; // $host nginx sees for http://127.0.0.1:PORT
const ready = haveWordPress() && havePrograms('php-fpm', 'nginx', 'memcached');
const fromCache = (p: WpPage): boolean => p.headers.get('x-page-cache') === 'hit';
const adminBar = (p: WpPage): boolean => p.body.includes('id="wpadminbar"');

describe.runIf(ready)('WordPress cached by isauth (shipped nginx files + must-use plugin)', () => {
  let s: WordPressStack;
  const key = (variant: string, uri: string): string => `isauth:page:${variant}:${HOST}${uri}`;
  let postPath: string;
  let postId: number;

  beforeAll(async () => {
    s = await startWordPressStack();
    await s.wp.createUser('alice', 'alice-pw', 'subscriber');
    postId = await s.wp.php<number>(`return wp_insert_post(['post_title' => 'Cached post', 'post_name' => 'cached-post', 'post_content' => 'First version.', 'post_status' => 'publish']);`);
    postPath = '/cached-post/';
  }, 180_000);
  afterAll(async () => {
    await s?.stop();
  }, 120_000);
  beforeEach(async () => {
    await s.clearPages();
  }, 120_000);

  /** GET twice: the first renders (and stores), the second must come from memcached without PHP. */
  async function warm(v: WpVisitor, path: string): Promise<[WpPage, WpPage]> {
    const first = await v.request(path);
    const php = s.phpCount();
    const second = await v.request(path);
    expect(s.phpCount() - php).toBe(fromCache(second) ? 0 : 1);
    return [first, second];
  }

  it('anonymous pages: the first rendered by PHP and stored by the plugin, then served by nginx from memcached without PHP', async () => {
    const v = new WpVisitor(s.wp);
    const [first, second] = await warm(v, postPath);
    expect(first.status).toBe(200);
    expect(fromCache(first)).toBe(false);
    expect(first.body).toContain('First version.');
    expect((await mcGet(s.memcached.port, key('anon', postPath)))?.toString()).toBe(first.body);
    expect(fromCache(second)).toBe(true);
    expect(second.headers.get('x-cache-variant')).toBe('anon');
    expect(second.body).toBe(first.body);
    expect(adminBar(second)).toBe(false);
  }, 120_000);

  it('a fake logged-in cookie is served the cached anonymous page (no PHP): wordpress_logged_in_x=1, this site\'s name with garbage or a forged HMAC', async () => {
    const [anon] = await warm(new WpVisitor(s.wp), '/');
    const real = new WpVisitor(s.wp);
    await real.login('alice', 'alice-pw');
    const raw = real.cookies.get(s.wp.cookieName) as string;
    const fakes = ['wordpress_logged_in_x=1', `${s.wp.cookieName}=1`, `${s.wp.cookieName}=admin%7C9999999999%7Ctoken%7Chmac`, `${s.wp.cookieName}=${raw.slice(0, -2)}00`];
    const php = s.phpCount();
    for (const cookie of fakes) {
      const page = await new WpVisitor(s.wp).request('/', { headers: { cookie } });
      expect(fromCache(page), cookie).toBe(true);
      expect(page.body).toBe(anon.body);
    }
    expect(s.phpCount()).toBe(php);
  }, 120_000);

  it('a logged-in user gets PHP (admin bar), and the anonymous cache keeps the anonymous page', async () => {
    const [anon] = await warm(new WpVisitor(s.wp), '/');
    const alice = new WpVisitor(s.wp);
    expect((await alice.login('alice', 'alice-pw', { remember: true })).status).toBe(302);
    for (let i = 0; i < 2; i++) {
      const php = s.phpCount();
      const page = await alice.request('/');
      expect(fromCache(page)).toBe(false);
      expect(s.phpCount()).toBe(php + 1);
      expect(adminBar(page)).toBe(true);
    }
    expect((await mcGet(s.memcached.port, key('anon', '/')))?.toString()).toBe(anon.body);
    expect(await mcGet(s.memcached.port, key('auth', '/'))).toBeNull();
  }, 120_000);

  it('an administrator gets PHP by default: isauth answers `admin`, which the site has not opted in to cache', async () => {
    const admin = new WpVisitor(s.wp);
    await admin.login('admin', 'admin-password');
    const [first, second] = await warm(admin, '/');
    expect(adminBar(first) && adminBar(second)).toBe(true);
    expect(fromCache(second)).toBe(false);
    expect(await mcGet(s.memcached.port, key('admin', '/'))).not.toBeNull(); // stored by the plugin, not served by nginx
  }, 120_000);

  it('wp-login.php, wp-admin, POST, previews, feeds and the REST API always go to PHP, without asking isauth', async () => {
    const v = new WpVisitor(s.wp);
    await warm(v, '/');
    const paths = ['/wp-login.php', '/wp-admin/', `/?p=${postId}&preview=true`, '/feed/', '/?feed=rss2', '/wp-json/', `/?rest_route=/`];
    for (const path of paths) {
      const asked = await s.isauth.requestsAnswered('auth');
      const php = s.phpCount();
      const page = await v.request(path);
      expect(fromCache(page), path).toBe(false);
      expect(s.phpCount(), path).toBe(php + 1);
      expect(await s.isauth.requestsAnswered('auth'), path).toBe(asked);
    }
    const asked = await s.isauth.requestsAnswered('auth');
    const post = await v.request('/', { method: 'POST', form: { a: '1' } });
    expect(fromCache(post)).toBe(false);
    expect(await s.isauth.requestsAnswered('auth')).toBe(asked);
  }, 120_000);

  it('changing a post purges its URL and the home page for every variant; the next visitor gets the new version', async () => {
    const v = new WpVisitor(s.wp);
    await warm(v, postPath);
    await warm(v, '/');
    expect(await mcGet(s.memcached.port, key('anon', postPath))).not.toBeNull();
    await s.wp.php(`return wp_update_post(['ID' => ${postId}, 'post_content' => 'Second version.']);`);
    expect(await mcGet(s.memcached.port, key('anon', postPath))).toBeNull();
    expect(await mcGet(s.memcached.port, key('anon', '/'))).toBeNull();
    const [fresh, cached] = await warm(v, postPath);
    expect(fresh.body).toContain('Second version.');
    expect(fromCache(cached)).toBe(true);
    // Drafts (the dashboard makes an auto-draft on every visit) purge nothing; unpublishing does.
    await warm(v, '/');
    await s.wp.php(`return wp_insert_post(['post_title' => 'A draft', 'post_status' => 'draft']);`);
    await s.wp.php(`require_once ABSPATH . 'wp-admin/includes/post.php'; return get_default_post_to_edit('post', true)->ID;`);
    expect(await mcGet(s.memcached.port, key('anon', '/'))).not.toBeNull();
    await s.wp.php(`return wp_update_post(['ID' => ${postId}, 'post_status' => 'draft']);`);
    expect(await mcGet(s.memcached.port, key('anon', postPath))).toBeNull();
    expect(await mcGet(s.memcached.port, key('anon', '/'))).toBeNull();
    await s.wp.php(`return wp_update_post(['ID' => ${postId}, 'post_status' => 'publish']);`);
  }, 120_000);

  describe('the site opts in to an administrators\' cache', () => {
    beforeAll(async () => {
      await s.restartNginx({ adminCache: true });
    }, 60_000);
    afterAll(async () => {
      await s.restartNginx({ adminCache: false });
    }, 60_000);

    it('administrators get their own cached variant; other logged-in users still PHP; visitors the anonymous page', async () => {
      const admin = new WpVisitor(s.wp);
      await admin.login('admin', 'admin-password');
      const [first, second] = await warm(admin, postPath);
      expect(fromCache(first)).toBe(false);
      expect(fromCache(second)).toBe(true);
      expect(second.headers.get('x-cache-variant')).toBe('admin');
      expect(adminBar(second)).toBe(true);
      const alice = new WpVisitor(s.wp);
      await alice.login('alice', 'alice-pw');
      const [, aliceSecond] = await warm(alice, postPath);
      expect(fromCache(aliceSecond)).toBe(false);
      const [, anonSecond] = await warm(new WpVisitor(s.wp), postPath);
      expect(fromCache(anonSecond)).toBe(true);
      expect(anonSecond.headers.get('x-cache-variant')).toBe('anon');
      expect(adminBar(anonSecond)).toBe(false);
    });
  }, 120_000);
});
