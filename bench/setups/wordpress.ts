/**
 * `wordpress-isauth` vs `wordpress-php`: the same question — is this visitor logged in to
 * WordPress? — answered by isauth `--framework wordpress` (one SQL statement on MariaDB) and by
 * PHP-FPM loading WordPress and calling its own wp_validate_auth_cookie() (what a site can run
 * today), both behind nginx (`GET /auth` → X-Cache-Variant, empty body).
 *
 * Each setup installs the real WordPress (Debian's package) on its own MariaDB and makes its
 * visitors with WordPress itself: USERS users with a session each (wp_generate_auth_cookie, as
 * wp_set_auth_cookie does) — a third logged in, a third whose session was destroyed (logged out),
 * the rest forged HMACs and visitors without a cookie. MariaDB's CPU counts in both (`store`).
 * PHP runs in the bench pool (static children, opcache on).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listenerPid } from '../machine.js';
import { PAGE_COUNT, type Visitor } from '../sessions.js';
import { startBenchIsauth } from '../stack/isauth.js';
import { startBenchNginx } from '../stack/nginx.js';
import { benchSite } from '../stack/site.js';
import { startWordPress, WORDPRESS_DIR, type WordPressSite } from '../../test/harness/wordpress.js';
import { phpSocketOf, stopAll, type BenchContext, type RunningSetup, type Setup } from './types.js';

const USERS = 150;

/** The endpoint of `wordpress-php`: WordPress loaded, its own check, the headers isauth answers. */
const AUTH_PHP = `<?php
// What a WordPress site can run today to answer "logged in?": load WordPress, check the cookie.
require __DIR__ . '/wp-load.php';
$id = wp_validate_auth_cookie('', 'logged_in');
header('X-Cache-Variant: ' . ($id ? 'auth' : 'anon'));
header('X-Auth-State: ' . ($id ? '1' : '0'));
header('Cache-Control: no-store');
`;

/** Users and cookies made by WordPress: [cookie value, logged in?] per visitor. */
async function makeVisitors(wp: WordPressSite): Promise<Visitor[]> {
  const made = await wp.php<Array<[string, boolean]>>(`
    $out = [];
    for ($i = 0; $i < ${USERS}; $i++) {
      $id = wp_insert_user(['user_login' => "user$i", 'user_pass' => wp_generate_password(), 'role' => $i % 10 === 0 ? 'editor' : 'subscriber']);
      $manager = WP_Session_Tokens::get_instance($id);
      $expiration = time() + 14 * DAY_IN_SECONDS;
      $token = $manager->create($expiration);
      $cookie = wp_generate_auth_cookie($id, $expiration, 'logged_in', $token);
      if ($i % 3 === 1) { $manager->destroy($token); $out[] = [$cookie, false]; }          // logged out
      elseif ($i % 3 === 2) { $out[] = [substr($cookie, 0, -4) . 'beef', false]; }       // forged HMAC
      else { $out[] = [$cookie, true]; }
    }
    return $out;`);
  const visitors: Visitor[] = made.map(([value, loggedIn], i) => ({
    kind: loggedIn ? 'logged-in' : i % 3 === 1 ? 'logged-out' : 'garbage',
    cookie: `${wp.cookieName}=${encodeURIComponent(value)}`,
    expected: loggedIn ? 'auth' : 'anon',
    path: `/p/${i % PAGE_COUNT}`,
  }));
  for (let i = 0; i < USERS / 10; i++) visitors.push({ kind: 'no-cookie', cookie: undefined, expected: 'anon', path: '/' });
  return visitors;
}

async function startWordPressSetup(ctx: BenchContext, withIsauth: boolean): Promise<RunningSetup> {
  const stops: Array<() => Promise<void>> = [];
  try {
    const wp = await startWordPress();
    stops.push(() => wp.stop());
    const visitors = await makeVisitors(wp);
    let location: string;
    let isauthPid: number | undefined;
    let isauthPort = 0;
    if (withIsauth) {
      const isauth = await startBenchIsauth({
        // A pool as large as the bench's concurrency needs (the default 4 queues 50 connections past --timeout).
        store: `${wp.isauthUrl}?pool=16`,
        demoFlags: false,
        flags: ['--framework', 'wordpress', '--wp-config', wp.wpConfig, '--wp-siteurl', wp.url, '--log-level', 'warn', ...ctx.isauthFlags],
        nodeFlags: ctx.isauthNodeFlags,
      });
      stops.push(() => isauth.stop());
      isauthPid = isauth.pid;
      isauthPort = isauth.port ?? 0;
      location = `
        location = /auth {
            proxy_pass http://isauth/auth;
            include isauth/isauth-proxy.conf;
        }`;
    } else {
      const script = join(wp.root, 'isauth-bench-auth.php');
      writeFileSync(script, AUTH_PHP);
      location = `
        location = /auth {
            fastcgi_pass isauth_php_fpm;
            fastcgi_pass_request_body off;
            fastcgi_param SCRIPT_FILENAME ${script};
            fastcgi_param SCRIPT_NAME /isauth-bench-auth.php;
            fastcgi_param REQUEST_URI /auth;
            fastcgi_param REQUEST_METHOD GET;
            fastcgi_param SERVER_NAME 127.0.0.1;
            fastcgi_param SERVER_PORT ${wp.port};
            fastcgi_param HTTP_COOKIE $http_cookie if_not_empty;
            fastcgi_connect_timeout 100ms;
            fastcgi_read_timeout 5s;
        }`;
    }
    const nginx = await startBenchNginx({
      ...(withIsauth ? { isauth: { port: isauthPort } } : {}),
      memcachedPort: ctx.memcached.port,
      phpSocket: phpSocketOf(ctx),
      appRoot: ctx.appRoot,
      workers: ctx.nginxWorkers,
      upstreamKeepalive: ctx.upstreamKeepalive,
      // isauth-http.conf's map reads $isauth_variant, which only the page locations set: declare it.
      http: (port) => `${withIsauth ? '    include isauth/isauth-upstream.conf;\n' : ''}${benchSite(port, ctx.appRoot, `        set $isauth_variant "";\n${location}`)}`,
    });
    stops.push(() => nginx.stop());
    const processes = withIsauth
      ? { nginx: nginx.pid, isauth: isauthPid, store: listenerPid(wp.db.port) }
      : { nginx: nginx.pid, 'php-fpm': ctx.php?.pid, store: listenerPid(wp.db.port) };
    return { target: { url: nginx.url, mode: 'auth' }, visitors, processes, stop: () => stopAll(stops) };
  } catch (err) {
    await stopAll(stops);
    throw err;
  }
}

const unavailable = (): string | undefined => (existsSync(join(WORDPRESS_DIR, 'wp-settings.php')) ? undefined : `Debian's wordpress package is not installed (${WORDPRESS_DIR})`);

export const wordpressIsauth: Setup = {
  name: 'wordpress-isauth',
  group: 'wordpress',
  unavailable,
  description: 'nginx + auth_request → isauth --framework wordpress → MariaDB (WordPress\'s own check, one statement)',
  programs: ['nginx', 'mariadbd', 'php-cgi'],
  start: (ctx) => startWordPressSetup(ctx, true),
};

export const wordpressPhp: Setup = {
  name: 'wordpress-php',
  group: 'wordpress',
  unavailable,
  description: 'nginx → PHP-FPM loading WordPress, wp_validate_auth_cookie() → MariaDB',
  programs: ['nginx', 'mariadbd', 'php-cgi', 'php-fpm'],
  start: (ctx) => startWordPressSetup(ctx, false),
};
