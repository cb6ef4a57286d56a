/**
 * `--framework wordpress` against the REAL WordPress (Debian's package) on MariaDB, through nginx
 * and php-fpm: real logins over HTTP via wp-login.php, WordPress's own logout, password change,
 * deletion, expiry — and for every cookie, isauth's answer must equal WordPress's own decision
 * (a fresh php-cgi process calling wp_validate_auth_cookie('', 'logged_in')), with each refusal
 * counted under its code in isauth_cookie_rejections_total.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIsauth, type RunningIsauth } from '../../harness/isauth.js';
import { havePrograms } from '../../harness/programs.js';
import { haveWordPress, md5, startWordPress, type WordPressSite } from '../../harness/wordpress.js';
import { plainWordPressSite, startWordPressHttp, WpVisitor, type RunningWordPressHttp } from '../../harness/wordpress-http.js';

const ready = haveWordPress() && havePrograms('php-fpm', 'nginx');

/** isauth's answer for a Cookie header: [X-Cache-Variant, X-Auth-State]. */
async function ask(isauth: RunningIsauth, cookie: string): Promise<[string, string]> {
  const r = await isauth.get('/auth', { cookie });
  return [String(r.headers['x-cache-variant']), String(r.headers['x-auth-state'])];
}

async function rejections(isauth: RunningIsauth): Promise<Record<string, number>> {
  const body = (await isauth.get('/metrics')).body;
  return Object.fromEntries([...body.matchAll(/^isauth_cookie_rejections_total\{code="([A-Z_]+)"\} (\d+)$/gm)].map((m) => [m[1], Number(m[2])]));
}

describe.runIf(ready)('--framework wordpress decides as WordPress itself does', () => {
  let wp: WordPressSite;
  let http: RunningWordPressHttp;
  let isauth: RunningIsauth;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    wp = await startWordPress({ prefix: 'wpt_' });
    http = await startWordPressHttp(wp, { http: (s) => plainWordPressSite({ port: wp.port, root: wp.root, fpmSocket: s }) });
    ids.alice = await wp.createUser('alice', 'alice-pw', 'subscriber');
    ids.ed = await wp.createUser('ed', 'ed-pw', 'editor');
    ids['jo doe@x.y'] = await wp.createUser('jo doe@x.y', 'jo-pw', 'author');
    ids.admin = 1;
    // The read-only account, the siteurl from the database (as a stock site: no WP_SITEURL).
    isauth = await startIsauth({
      store: wp.isauthUrl,
      flags: ['--framework', 'wordpress', '--wp-config', wp.wpConfig, '--wp-siteurl', wp.url, '--variant', 'admin=roles|administrator', '--log-level', 'warn'],
    });
  }, 180_000);

  afterAll(async () => {
    await isauth?.stop();
    await http?.stop();
    await wp?.stop();
  }, 180_000);

  /** WordPress's decision and isauth's for one Cookie header; isauth must agree; returns the codes counted. */
  async function agree(cookie: string, wpSays: number | false, variant?: string): Promise<string[]> {
    const before = await rejections(isauth);
    const truth = await wp.truth(cookie);
    expect(truth, `WordPress's own decision for ${cookie.slice(0, 120)}`).toBe(wpSays);
    const [v, state] = await ask(isauth, cookie);
    expect(state, `isauth for ${cookie.slice(0, 120)}`).toBe(truth === false ? '0' : '1');
    expect(v).toBe(variant ?? (truth === false ? 'anon' : 'auth'));
    const after = await rejections(isauth);
    return Object.keys(after).filter((k) => (after[k] ?? 0) > (before[k] ?? 0));
  }

  const login = async (user: string, password: string, remember: boolean): Promise<WpVisitor> => {
    const v = new WpVisitor(wp);
    const r = await v.login(user, password, { remember });
    expect(r.status, r.body.slice(0, 300)).toBe(302);
    expect(v.loggedInCookie()).toBeDefined();
    return v;
  };

  it('a real login through wp-login.php ("remember me" and not): logged in, roles as WordPress has them', async () => {
    const remembered = await login('alice', 'alice-pw', true);
    expect(await agree(remembered.loggedInCookie() as string, ids.alice as number)).toEqual([]);
    const session = await login('ed', 'ed-pw', false);
    expect(await agree(session.loggedInCookie() as string, ids.ed as number)).toEqual([]);
    const admin = await login('admin', 'admin-password', true);
    expect(await agree(admin.loggedInCookie() as string, 1, 'admin')).toEqual([]);
    expect(await wp.php('return get_userdata(1)->roles;')).toEqual(['administrator']);
    // A login with a space and an @ (URL-encoded on the wire by PHP's setcookie).
    const jo = await login('jo doe@x.y', 'jo-pw', true);
    expect(jo.loggedInCookie()).toMatch(/=jo%20doe%40x\.y%7C/);
    expect(await agree(jo.loggedInCookie() as string, ids['jo doe@x.y'] as number)).toEqual([]);
  }, 180_000);

  it('after WordPress\'s own logout the old cookie is refused: COOKIE_REVOKED', async () => {
    const v = await login('alice', 'alice-pw', true);
    const cookie = v.loggedInCookie() as string;
    const other = await login('alice', 'alice-pw', false); // a second session of the same user
    const out = await v.logout();
    expect(out.status).toBe(302);
    expect(v.loggedInCookie()).toBeUndefined();
    expect(await agree(cookie, false)).toEqual(['COOKIE_REVOKED']);
    expect(await agree(other.loggedInCookie() as string, ids.alice as number)).toEqual([]);
  }, 180_000);

  it('a password change invalidates every older cookie (its HMAC): COOKIE_SIGNATURE', async () => {
    const id = await wp.createUser('pat', 'pat-pw', 'subscriber');
    const v = await login('pat', 'pat-pw', true);
    const cookie = v.loggedInCookie() as string;
    expect(await agree(cookie, id)).toEqual([]);
    await wp.php(`wp_set_password('new-pw', ${id}); return true;`);
    expect(await agree(cookie, false)).toEqual(['COOKIE_SIGNATURE']);
    const again = await login('pat', 'new-pw', false);
    expect(await agree(again.loggedInCookie() as string, id)).toEqual([]);
  }, 180_000);

  it('a deleted user: COOKIE_UNKNOWN_USER', async () => {
    const id = await wp.createUser('gone', 'gone-pw', 'subscriber');
    const v = await login('gone', 'gone-pw', true);
    await wp.php(`require_once ABSPATH . 'wp-admin/includes/user.php'; return wp_delete_user(${id});`);
    expect(await agree(v.loggedInCookie() as string, false)).toEqual(['COOKIE_UNKNOWN_USER']);
  }, 180_000);

  it('a session token whose expiration passed in the database: COOKIE_EXPIRED; the cookie\'s own expiration: COOKIE_EXPIRED', async () => {
    const id = await wp.createUser('tim', 'tim-pw', 'subscriber');
    const v = await login('tim', 'tim-pw', true);
    const cookie = v.loggedInCookie() as string;
    expect(await agree(cookie, id)).toEqual([]);
    await wp.php(`$s = get_user_meta(${id}, 'session_tokens', true);
      foreach ($s as $k => $x) { $s[$k]['expiration'] = time() - 5; }
      return update_user_meta(${id}, 'session_tokens', $s);`);
    expect(await agree(cookie, false)).toEqual(['COOKIE_EXPIRED']);
    // A cookie WordPress itself made with an expiration in the past (token still valid).
    const past = await wp.php<string>(`$t = WP_Session_Tokens::get_instance(${ids.ed})->create(time() + 3600);
      return wp_generate_auth_cookie(${ids.ed}, time() - 10, 'logged_in', $t);`);
    expect(await agree(`${wp.cookieName}=${encodeURIComponent(past)}`, false)).toEqual(['COOKIE_EXPIRED']);
  }, 180_000);

  it('forged HMACs, well-formed forgeries and garbage: refused, each under its code', async () => {
    const v = await login('ed', 'ed-pw', true);
    const raw = v.cookies.get(wp.cookieName) as string;
    const flip = raw.slice(0, -1) + (raw.endsWith('a') ? 'b' : 'a');
    expect(await agree(`${wp.cookieName}=${flip}`, false)).toEqual(['COOKIE_SIGNATURE']);
    const [login0, exp, token] = decodeURIComponent(raw).split('|');
    // Another user's name on ed's token and HMAC; a later expiration on ed's cookie.
    expect(await agree(`${wp.cookieName}=${encodeURIComponent(`alice|${exp}|${token}|${'0'.repeat(64)}`)}`, false)).toEqual(['COOKIE_SIGNATURE']);
    expect(await agree(`${wp.cookieName}=${encodeURIComponent(`${login0}|${Number(exp) + 1}|${token}|${decodeURIComponent(raw).split('|')[3]}`)}`, false)).toEqual(['COOKIE_SIGNATURE']);
    const garbage: Array<[string, string[]]> = [
      ['garbage', ['COOKIE_MALFORMED']],
      ['a%7Cb%7Cc', ['COOKIE_MALFORMED']],
      ['a%7Cb%7Cc%7Cd%7Ce', ['COOKIE_MALFORMED']],
      ['%ZZ%7C1%7C2%7C3', ['COOKIE_EXPIRED']], // "%ZZ" stays as it is; "1" is long expired
      ['nobody%7C9999999999%7Ctok%7Chmac', ['COOKIE_UNKNOWN_USER']],
      ["o'brien%7C9999999999%7Ctok%7Chmac", ['COOKIE_UNKNOWN_USER']],
      ['alice%7C9999999999%7Ctok%7Chmac', ['COOKIE_SIGNATURE']],
      ['alice%7Cnot-a-number%7Ctok%7Chmac', ['COOKIE_SIGNATURE']], // PHP 8 compares it as a string: not expired
      ['ALICE%7C9999999999%7Ctok%7Chmac', ['COOKIE_SIGNATURE']], // the collation finds alice; the HMAC does not match
      ['%3Cb%3Ealice%7C9999999999%7Ctok%7Chmac', ['COOKIE_UNKNOWN_USER']],
      ['0', []], // empty(): no cookie at all
      ['x'.repeat(5000), ['COOKIE_MALFORMED']],
    ];
    for (const [value, codes] of garbage) expect(await agree(`${wp.cookieName}=${value}`, false), value.slice(0, 40)).toEqual(codes);
  }, 180_000);

  it('a database that cannot answer: bypass (PHP decides), and the same cookie is decided again once it answers', async () => {
    const v = await login('ed', 'ed-pw', true);
    const cookie = v.loggedInCookie() as string;
    expect(await ask(isauth, cookie)).toEqual(['auth', '1']);
    await wp.db.pause(); // SIGSTOP: connections open, no answer
    try {
      expect(await ask(isauth, cookie)).toEqual(['bypass', 'unknown']);
    } finally {
      wp.db.resume();
    }
    await expect.poll(() => ask(isauth, cookie), { timeout: 20_000 }).toEqual(['auth', '1']);
  }, 180_000);

  it('another site\'s cookie name is not this site\'s cookie: anon without a rejection; of two cookies PHP takes the first', async () => {
    const v = await login('alice', 'alice-pw', true);
    const raw = v.cookies.get(wp.cookieName) as string;
    const otherName = `wordpress_logged_in_${md5('http://other.example')}`;
    expect(await agree(`${otherName}=${raw}`, false)).toEqual([]);
    expect(await agree(`wordpress_logged_in_=${raw}`, false)).toEqual([]);
    expect(await agree(`${wp.cookieName}=${raw}; ${wp.cookieName}=garbage`, ids.alice as number)).toEqual([]);
    expect(await agree(`${wp.cookieName}=garbage; ${wp.cookieName}=${raw}`, false)).toEqual(['COOKIE_MALFORMED']);
  }, 180_000);
});
