/**
 * php-fpm for the bench: ONE pool serving both the `php-fpm` setup's auth endpoint (auth.php:
 * session_start read_and_close, then the same headers isauth answers, empty body) and the demo
 * app (nginx's fallback for every setup; a fallback under load shows up as a wrong variant).
 * A fair pool: pm=static with N children, opcache on, memcached session locking off, strict
 * mode off (no extra id validation read), no per-request logging. The `php-fpm-files` setup starts
 * a second pool like it on PHP's default files handler (its flock is PHP's own cost). Started by
 * the one php-fpm starter of tests, drills and bench (test/harness/php-fpm.ts runPhpFpm).
 */
import { join } from 'node:path';
import { runPhpFpm } from '../../test/harness/php-fpm.js';

export const AUTH_PHP = `<?php
// The php-fpm setup's auth endpoint: what a site could do without isauth.
$variant = 'anon';
$state = '0';
if (isset($_COOKIE['PHPSESSID']) && @session_start(['read_and_close' => true])) {
    if (!empty($_SESSION['user'])) {
        $variant = 'auth';
        $state = '1';
    }
}
header('X-Cache-Variant: ' . $variant);
header('X-Auth-State: ' . $state);
header('Cache-Control: no-store');
`;

export interface BenchPhpFpm {
  readonly socket: string;
  /** Absolute path of auth.php (SCRIPT_FILENAME). */
  readonly authScript: string;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

/** Where the pool's sessions are: the bench memcached (default) or a files directory. */
export type PhpSessions = { readonly files: string } | undefined;

function sessionIni(memcachedPort: number, sessions: PhpSessions): string {
  if (sessions !== undefined) {
    // PHP's default handler; no gc pass during the run (it would scan the directory).
    return `php_admin_value[session.save_handler] = files
php_admin_value[session.save_path] = "${sessions.files}"
php_admin_value[session.gc_probability] = 0`;
  }
  return `php_admin_value[session.save_handler] = memcached
php_admin_value[session.save_path] = "127.0.0.1:${memcachedPort}"
php_admin_value[memcached.sess_prefix] = memc.sess.key.
php_admin_flag[memcached.sess_locking] = off`;
}

function poolConf(dir: string, memcachedPort: number, children: number, sessions: PhpSessions): string {
  return `[global]
error_log = ${join(dir, 'php-fpm.log')}
daemonize = no

[bench]
user = www-data
group = www-data
listen = ${join(dir, 'php-fpm.sock')}
listen.mode = 0666
listen.backlog = 4096
pm = static
pm.max_children = ${children}
pm.max_requests = 0
clear_env = yes
env[ISAUTH_PAGE_CACHE] = 127.0.0.1:${memcachedPort}
${sessionIni(memcachedPort, sessions)}
php_admin_value[session.serialize_handler] = php
php_admin_value[session.name] = PHPSESSID
php_admin_value[session.cache_limiter] = ""
php_admin_flag[session.use_strict_mode] = off
php_admin_flag[opcache.enable] = on
php_admin_flag[display_errors] = off
php_admin_flag[log_errors] = off
`;
}

export async function startBenchPhpFpm(memcachedPort: number, children: number, sessions?: PhpSessions): Promise<BenchPhpFpm> {
  const fpm = await runPhpFpm((dir) => poolConf(dir, memcachedPort, children, sessions), { name: 'bench-php-fpm', files: { 'auth.php': AUTH_PHP } });
  return { socket: fpm.socket, authScript: join(fpm.dir, 'auth.php'), pid: fpm.pid, stop: () => fpm.stop() };
}
