/**
 * A real browser (Debian's headless Chromium) on a WordPress site cached by isauth: anonymous →
 * the cached page; logging in through wp-login.php → pages from PHP with the admin bar; logging
 * out through the admin bar's own link → the cached anonymous page again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { havePrograms } from '../harness/programs.js';
import { haveWordPress } from '../harness/wordpress.js';
import { WpVisitor } from '../harness/wordpress-http.js';
import { haveChromium, launchChromium } from './support/chromium.js';
import { startWordPressStack, type WordPressStack } from './support/wordpress-stack.js';

/** PHP requests other than the dashboard's background admin-ajax.php calls. */
const pages = (requests: string[]): string[] => requests.filter((r) => !r.includes('/wp-admin/admin-ajax.php'));

const ready = haveWordPress() && havePrograms('php-fpm', 'nginx', 'memcached') && haveChromium();

describe.runIf(ready)('a browser on the cached WordPress: anonymous → login → admin bar → logout → cached page', () => {
  let s: WordPressStack;
  let browser: Browser;

  beforeAll(async () => {
    s = await startWordPressStack();
    await s.wp.createUser('alice', 'alice-pw', 'editor');
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await s?.stop();
  }, 120_000);

  it('walks the whole flow with WordPress\'s own forms and links', async () => {
    await s.clearPages();
    const warm = new WpVisitor(s.wp);
    const anonBody = (await warm.request('/')).body; // PHP renders, the plugin stores
    const context = await browser.newContext();
    const page = await context.newPage();

    // 1. Anonymous: the page nginx serves from memcached, no PHP.
    let php = s.phpCount();
    let res = await page.goto(`${s.wp.url}/`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['x-page-cache']).toBe('hit');
    expect(await res?.text()).toBe(anonBody);
    expect(await page.locator('#wpadminbar').count()).toBe(0);
    expect(s.http.phpRequests().slice(php)).toEqual([]);

    // 2. Log in with the login form ("Remember Me" ticked).
    await page.goto(`${s.wp.url}/wp-login.php`);
    await page.fill('#user_login', 'alice');
    await page.fill('#user_pass', 'alice-pw');
    await page.check('#rememberme');
    await Promise.all([page.waitForURL(/\/wp-admin\//), page.click('#wp-submit')]);
    const cookies = await context.cookies();
    expect(cookies.map((c) => c.name)).toContain(s.wp.cookieName);

    // 3. The home page: PHP, with the admin bar and the user's name.
    php = s.phpCount();
    res = await page.goto(`${s.wp.url}/`);
    expect(res?.headers()['x-page-cache']).toBeUndefined();
    // (The dashboard the login landed on may still be finishing its admin-ajax.php calls.)
    expect(pages(s.http.phpRequests().slice(php))).toEqual(['GET / 200']);
    await expect.poll(() => page.locator('#wpadminbar').count()).toBe(1);
    expect(await page.locator('#wp-admin-bar-my-account').textContent()).toContain('alice');

    // 4. Log out with the admin bar's link (its nonce is this session's).
    const logout = await page.locator('#wp-admin-bar-logout a').getAttribute('href');
    expect(logout).toMatch(/action=logout&(amp;)?_wpnonce=/);
    await page.goto(String(logout).replace(/&amp;/g, '&'));
    await page.waitForURL(/loggedout=true/);
    expect((await context.cookies()).map((c) => c.name)).not.toContain(s.wp.cookieName);

    // 5. Anonymous again: the cached page, without PHP.
    php = s.phpCount();
    res = await page.goto(`${s.wp.url}/`);
    expect(res?.headers()['x-page-cache']).toBe('hit');
    expect(await page.locator('#wpadminbar').count()).toBe(0);
    expect(pages(s.http.phpRequests().slice(php))).toEqual([]);
    await context.close();
  }, 120_000);
});
