/**
 * `php-fpm`: what a site does without isauth — auth_request → a PHP endpoint (auth.php:
 * session_start read_and_close on the same memcached sessions) answering the same headers with
 * an empty body; then the page variant from memcached through the shipped isauth-cache.conf.
 * Fair settings: pool of static children, opcache, no session locking (bench/stack/php-fpm.ts);
 * no fastcgi keepalive (a kept connection pins a php-fpm child); a 5 s read timeout.
 */
import { startBenchNginx } from '../stack/nginx.js';
import type { BenchPhpFpm } from '../stack/php-fpm.js';
import { benchSite } from '../stack/site.js';
import type { BenchContext, Setup } from './types.js';

/** nginx with auth_request to `php`'s auth.php; the page from memcached (also php-fpm-files). */
export function phpAuthNginx(ctx: BenchContext, php: BenchPhpFpm) {
  return startBenchNginx({
    memcachedPort: ctx.memcached.port,
    phpSocket: php.socket,
    appRoot: ctx.appRoot,
    workers: ctx.nginxWorkers,
    http: (port) => benchSite(port, ctx.appRoot, `
        location = /_isauth {
            internal;
            fastcgi_pass isauth_php_fpm;
            fastcgi_pass_request_body off;
            fastcgi_pass_request_headers off;                 # only the cookie, like isauth-proxy.conf
            fastcgi_param SCRIPT_FILENAME ${php.authScript};
            fastcgi_param REQUEST_METHOD GET;
            fastcgi_param HTTP_COOKIE $http_cookie if_not_empty;
            fastcgi_connect_timeout 100ms;
            fastcgi_read_timeout 5s;
        }
        location / {
            include isauth/isauth-cache.conf;
        }`),
  });
}

export const phpFpm: Setup = {
  name: 'php-fpm',
  group: 'php-fpm',
  description: 'nginx + auth_request → PHP session_start(read_and_close); page from memcached',
  programs: ['nginx', 'memcached', 'php-fpm'],
  async start(ctx) {
    const php = ctx.php;
    if (!php) throw new Error('php-fpm setup without php-fpm');
    const nginx = await phpAuthNginx(ctx, php);
    return { target: { url: nginx.url, mode: 'page' }, processes: { nginx: nginx.pid, 'php-fpm': php.pid }, stop: () => nginx.stop() };
  },
};
