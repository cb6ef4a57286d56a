/**
 * WordPress over HTTP, as visitors reach it: php-fpm running the site of test/harness/wordpress.ts
 * behind nginx, and a visitor that logs in through wp-login.php and out through WordPress's own
 * logout link (nonce and all).
 *
 *   const http = await startWordPressHttp(wp, { http: plainWordPressSite(…) });
 *   const v = new WpVisitor(wp);  await v.login('alice', 'pw', { remember: true });
 *   v.cookies.get(wp.cookieName)   // the logged_in cookie WordPress set (raw, URL-encoded)
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mainConf } from './nginx.js';
import { findProgram } from './programs.js';
import { spawnTracked, waitForSocket } from './process.js';
import { tempDir, waitForPort } from './servers.js';
import type { WordPressSite } from './wordpress.js';

export interface RunningWordPressHttp {
  readonly fpmSocket: string;
  /** nginx's temp dir (conf/, logs/). */
  readonly nginxDir: string;
  fpmLog(): string;
  /** The requests PHP has handled so far (php-fpm's access log: `METHOD URI STATUS` per line). */
  phpRequests(): string[];
  nginxErrorLog(): string;
  stop(): Promise<void>;
}

/** The fastcgi parameters WordPress needs, for a location that runs the requested .php file. */
export const FASTCGI_PARAMS = `fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
        fastcgi_param SCRIPT_NAME $fastcgi_script_name;
        fastcgi_param DOCUMENT_ROOT $document_root;
        fastcgi_param REQUEST_URI $request_uri;
        fastcgi_param QUERY_STRING $query_string;
        fastcgi_param REQUEST_METHOD $request_method;
        fastcgi_param CONTENT_TYPE $content_type;
        fastcgi_param CONTENT_LENGTH $content_length;
        fastcgi_param SERVER_PROTOCOL $server_protocol;
        fastcgi_param SERVER_NAME $server_name;
        fastcgi_param SERVER_PORT $server_port;
        fastcgi_param REMOTE_ADDR $remote_addr;
        fastcgi_param HTTP_COOKIE $http_cookie if_not_empty;
        fastcgi_param REDIRECT_STATUS 200;`;

/** A WordPress site without any cache: every request to PHP (nginx's usual WordPress block). */
export function plainWordPressSite(o: { port: number; root: string; fpmSocket: string }): string {
  return `    server {
      listen 127.0.0.1:${o.port};
      root ${o.root};
      index index.php;
      location / { try_files $uri $uri/ /index.php?$args; }
      location ~ \\.php$ {
        try_files $uri =404;
        fastcgi_pass unix:${o.fpmSocket};
        ${FASTCGI_PARAMS}
      }
    }
`;
}

/** php-fpm for the site (workers as www-data) and nginx with `http(fpmSocket)` as its http block. */
export async function startWordPressHttp(
  wp: WordPressSite,
  o: {
    /** nginx's http block; `confDir` is where nginx.conf is (an `include x` is read from there). */
    http: (fpmSocket: string, confDir: string) => string;
    fpmWorkers?: number;
  },
): Promise<RunningWordPressHttp> {
  const fpm = findProgram('php-fpm');
  const nginx = findProgram('nginx');
  if (!fpm || !nginx) throw new Error('php-fpm and nginx are needed (use havePrograms)');
  const fpmDir = tempDir('wp-fpm');
  chmodSync(fpmDir, 0o755);
  const fpmSocket = join(fpmDir, 'php-fpm.sock');
  const fpmLog = join(fpmDir, 'php-fpm.log');
  const fpmConf = join(fpmDir, 'php-fpm.conf');
  const fpmAccess = join(fpmDir, 'access.log');
  writeFileSync(
    fpmConf,
    `[global]
error_log = ${fpmLog}
daemonize = no
[wordpress]
user = www-data
group = www-data
listen = ${fpmSocket}
listen.mode = 0666
pm = static
pm.max_children = ${o.fpmWorkers ?? 3}
catch_workers_output = yes
access.log = ${fpmAccess}
access.format = "%m %{REQUEST_URI}e %s"
php_admin_flag[display_errors] = off
php_admin_flag[log_errors] = on
`,
  );
  const fpmProc = spawnTracked('php-fpm (wordpress)', fpm, ['-R', '-F', '-y', fpmConf], { stopSignal: 'SIGQUIT' });
  await fpmProc.started(waitForSocket(fpmSocket));

  const nginxDir = tempDir('wp-nginx');
  chmodSync(nginxDir, 0o755);
  for (const sub of ['conf', 'logs', 'tmp']) mkdirSync(join(nginxDir, sub), { recursive: true });
  chmodSync(join(nginxDir, 'tmp'), 0o777);
  const conf = join(nginxDir, 'conf/nginx.conf');
  writeFileSync(conf, mainConf(nginxDir, { http: o.http(fpmSocket, join(nginxDir, 'conf')) }));
  const nginxProc = spawnTracked('nginx (wordpress)', nginx, ['-p', `${nginxDir}/`, '-e', `${nginxDir}/logs/error.log`, '-c', conf]);
  try {
    await nginxProc.started(waitForPort(wp.port));
  } catch (err) {
    await fpmProc.stop();
    throw err;
  }
  const read = (f: string): string => (existsSync(f) ? readFileSync(f, 'utf8') : '');
  return {
    fpmSocket,
    nginxDir,
    fpmLog: () => read(fpmLog),
    phpRequests: () => read(fpmAccess).split('\n').filter((l) => l !== ''),
    nginxErrorLog: () => read(join(nginxDir, 'logs/error.log')),
    async stop() {
      await nginxProc.stop();
      await fpmProc.stop();
    },
  };
}

export interface WpPage {
  status: number;
  headers: Headers;
  body: string;
}

/** A browser-like visitor without JavaScript: keeps cookies (raw values), never follows redirects. */
export class WpVisitor {
  /** Cookie name → raw value as set (still URL-encoded). */
  readonly cookies = new Map<string, string>();
  constructor(private readonly wp: Pick<WordPressSite, 'url' | 'cookieName'>) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** The logged_in cookie as a Cookie header, or undefined. */
  loggedInCookie(): string | undefined {
    const v = this.cookies.get(this.wp.cookieName);
    return v === undefined ? undefined : `${this.wp.cookieName}=${v}`;
  }

  async request(path: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<WpPage> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookies.size > 0) headers.cookie = this.cookieHeader();
    const req: RequestInit = { method: init.method ?? 'GET', headers, redirect: 'manual' };
    if (init.form) {
      req.body = new URLSearchParams(init.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await fetch(this.wp.url + path, req);
    for (const c of res.headers.getSetCookie()) {
      const m = /^([^=;]+)=([^;]*)/.exec(c);
      const name = m?.[1];
      if (name === undefined) continue;
      const expires = /expires=([^;]+)/i.exec(c);
      const gone = (expires?.[1] !== undefined && Date.parse(expires[1]) < Date.now()) || /max-age=0/i.test(c);
      // WordPress clears cookies with paths of its own (/wp-admin, /wp-content/plugins): one jar here.
      if (gone) this.cookies.delete(name);
      else this.cookies.set(name, m?.[2] ?? '');
    }
    return { status: res.status, headers: res.headers, body: await res.text() };
  }

  /** POST wp-login.php as the login form does (test cookie set first, like the page's own). */
  async login(login: string, password: string, o: { remember?: boolean } = {}): Promise<WpPage> {
    this.cookies.set('wordpress_test_cookie', 'WP%20Cookie%20check');
    const form: Record<string, string> = { log: login, pwd: password, 'wp-submit': 'Log In', redirect_to: `${this.wp.url}/wp-admin/`, testcookie: '1' };
    if (o.remember) form.rememberme = 'forever';
    return this.request('/wp-login.php', { method: 'POST', form });
  }

  /** WordPress's own logout: the confirmation page's link (with its nonce), then the redirect. */
  async logout(): Promise<WpPage> {
    const ask = await this.request('/wp-login.php?action=logout');
    const m = /href="([^"]*action=logout[^"]*_wpnonce=[^"]*)"/.exec(ask.body);
    if (!m?.[1]) throw new Error(`no logout link on ${ask.status}: ${ask.body.slice(0, 500)}`);
    const href = m[1].replace(/&amp;/g, '&');
    return this.request(href.startsWith('http') ? href.slice(this.wp.url.length) : href);
  }
}
