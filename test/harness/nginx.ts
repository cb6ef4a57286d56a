/**
 * Real nginx serving the SHIPPED files of nginx/ — copied to a temp dir with only addresses and
 * paths substituted (see nginxSubstitutions) — plus a minimal main nginx.conf written here.
 *
 *   const site = await startNginx({ isauth: { port }, memcachedPort, phpSocket, appRoot });
 *   await fetch(`${site.url}/`); …; await site.stop();
 *
 * Every substitution must match somewhere, so the test fails if the shipped files drift.
 */
import { chmodSync, cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findProgram } from './programs.js';
import { freePort, tempDir, waitForPort } from './servers.js';
import { spawnTracked, type Tracked } from './process.js';

export const NGINX_DIR = fileURLToPath(new URL('../../nginx', import.meta.url));

export interface NginxOptions {
  /** Where isauth listens: TCP port on 127.0.0.1, or a unix socket path. */
  isauth: { port: number } | { socket: string };
  /** memcached holding the pages. */
  memcachedPort: number;
  /** php-fpm's unix socket. */
  phpSocket: string;
  /** The app's public dir (nginx `root`). */
  appRoot: string;
}

export interface RunningNginx {
  readonly port: number;
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** The temp dir: conf/, logs/ */
  readonly dir: string;
  /** Contents of nginx's error log so far. */
  errorLog(): string;
  stop(): Promise<void>;
}

/** Replace each literal `from` by `to` in all texts; throws when a `from` occurs nowhere. */
export function substitute(texts: Map<string, string>, pairs: ReadonlyArray<readonly [string, string]>): void {
  for (const [from, to] of pairs) {
    let hits = 0;
    for (const [name, text] of texts) {
      const parts = text.split(from);
      hits += parts.length - 1;
      texts.set(name, parts.join(to));
    }
    if (hits === 0) throw new Error(`template: "${from}" no longer occurs in the shipped files`);
  }
}

/** The documented substitutions (docs/nginx.md): addresses and paths only. */
export function nginxSubstitutions(o: NginxOptions, port: number): Array<[string, string]> {
  const pairs: Array<[string, string]> = [
    ['listen 8080;', `listen 127.0.0.1:${port};`],
    ['127.0.0.1:11211', `127.0.0.1:${o.memcachedPort}`],
    ['unix:/run/php/php8.2-fpm.sock', `unix:${o.phpSocket}`],
    ['/var/www/isauth-demo/public', o.appRoot],
  ];
  if ('port' in o.isauth) pairs.push(['127.0.0.1:9180', `127.0.0.1:${o.isauth.port}`]);
  else {
    pairs.push(['include isauth/isauth-upstream.conf;', 'include isauth/isauth-upstream-unix.conf;']);
    pairs.push(['unix:/run/isauth/isauth.sock', `unix:${o.isauth.socket}`]);
  }
  return pairs;
}

export interface MainConfOptions {
  workers?: number;
  errorLevel?: 'info' | 'warn';
  /** `off`, or a log_format body for the access log (default: nginx's combined log). */
  accessLog?: 'off' | 'combined' | { format: string };
  workerConnections?: number;
  /** Load generators ignore `Connection: close` on nginx's 1000th answer and read a reset. */
  keepaliveRequests?: number;
  /** load_module lines, in order. */
  modules?: readonly string[];
  /** The http-level part (default: the shipped example site). */
  http?: string;
}

/** The one nginx main config of the tests, the bench and the drills: foreground, paths in DIR. */
export function mainConf(dir: string, o: MainConfOptions = {}): string {
  const log = o.accessLog ?? 'combined';
  const access =
    log === 'off' ? '    access_log off;'
    : log === 'combined' ? `    access_log ${dir}/logs/access.log;`
    : `    log_format main_conf '${log.format}';\n    access_log ${dir}/logs/access.log main_conf;`;
  return `${(o.modules ?? []).map((m) => `load_module ${m};\n`).join('')}daemon off;
master_process on;
worker_processes ${o.workers ?? 1};
pid ${dir}/logs/nginx.pid;
error_log ${dir}/logs/error.log ${o.errorLevel ?? 'info'};
events { worker_connections ${o.workerConnections ?? 1024}; }
http {
${access}
${o.keepaliveRequests === undefined ? '' : `    keepalive_requests ${o.keepaliveRequests};\n`}    client_body_temp_path ${dir}/tmp/body;
    proxy_temp_path ${dir}/tmp/proxy;
    fastcgi_temp_path ${dir}/tmp/fastcgi;
    uwsgi_temp_path ${dir}/tmp/uwsgi;
    scgi_temp_path ${dir}/tmp/scgi;
${o.http ?? '    include isauth/example-site.conf;'}
}
`;
}

/** Write nginx/*.conf with the substitutions applied into DEST (a conf dir's isauth/). */
export function copyShippedNginx(dest: string, pairs: ReadonlyArray<readonly [string, string]>): void {
  const texts = new Map<string, string>();
  for (const f of readdirSync(NGINX_DIR).filter((n) => n.endsWith('.conf'))) {
    texts.set(f, readFileSync(join(NGINX_DIR, f), 'utf8'));
  }
  substitute(texts, pairs);
  mkdirSync(dest, { recursive: true });
  for (const [f, text] of texts) writeFileSync(join(dest, f), text);
}

/** Copy nginx/*.conf with the substitutions applied into DIR/conf/isauth/. */
export function writeNginxConf(dir: string, o: NginxOptions, port: number): string {
  for (const sub of ['conf/isauth', 'logs', 'tmp']) mkdirSync(join(dir, sub), { recursive: true });
  chmodSync(join(dir, 'tmp'), 0o777); // workers (nobody) write request bodies here
  copyShippedNginx(join(dir, 'conf/isauth'), nginxSubstitutions(o, port));
  const conf = join(dir, 'conf/nginx.conf');
  writeFileSync(conf, mainConf(dir));
  return conf;
}

export async function startNginx(o: NginxOptions): Promise<RunningNginx> {
  const nginx = findProgram('nginx');
  if (!nginx) throw new Error('nginx not found (use havePrograms)');
  const dir = tempDir('nginx');
  chmodSync(dir, 0o755);
  const port = await freePort();
  const conf = writeNginxConf(dir, o, port);
  const child: Tracked = spawnTracked('nginx', nginx, ['-p', `${dir}/`, '-e', `${dir}/logs/error.log`, '-c', conf], {
    stopSignal: 'SIGTERM',
  });
  await child.started(waitForPort(port));
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    dir,
    errorLog: () => readFileSync(join(dir, 'logs/error.log'), 'utf8'),
    stop: () => child.stop(),
  };
}

/** Copy a directory (e.g. examples/php-app) into a world-readable temp dir; returns the copy. */
export function worldReadableCopy(src: string, prefix: string): string {
  const dir = tempDir(prefix);
  cpSync(src, join(dir, 'app'), { recursive: true });
  const open = (p: string): void => {
    chmodSync(p, 0o755);
    for (const e of readdirSync(p, { withFileTypes: true })) {
      if (e.isDirectory()) open(join(p, e.name));
      else chmodSync(join(p, e.name), 0o644);
    }
  };
  chmodSync(dir, 0o755);
  open(join(dir, 'app'));
  return join(dir, 'app');
}
