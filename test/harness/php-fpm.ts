/**
 * Real php-fpm, for the tests, the drills and the bench alike (one starter: `runPhpFpm`). Started
 * as root: `-R`, pool user www-data, socket mode 0666 (nginx workers run as nobody).
 * `startPhpFpm` runs the demo app's SHIPPED pool (examples/php-app/php-fpm.conf) with only the
 * socket path and memcached addresses substituted; the bench gives its own pool file.
 *
 *   const app = worldReadableCopy(PHP_APP_DIR, 'app');
 *   const fpm = await startPhpFpm({ memcachedPort });  // fpm.socket for nginx
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findProgram } from './programs.js';
import { tempDir } from './servers.js';
import { substitute } from './nginx.js';
import { spawnTracked, waitForSocket } from './process.js';

export const PHP_APP_DIR = fileURLToPath(new URL('../../examples/php-app', import.meta.url));

export interface PhpFpmOptions {
  /** memcached for pages (and sessions, unless `sessionsPort`). */
  memcachedPort: number;
  /** memcached for sessions, when not the pages' one (the drills). */
  sessionsPort?: number;
  /** pm.max_children instead of the shipped 4. */
  children?: number;
  /** listen.backlog (under load). */
  backlog?: number;
}

export interface RunningPhpFpm {
  /** The unix socket php-fpm listens on (mode 0666). */
  readonly socket: string;
  /** The directory of the pool's files (socket, log, anything `files` wrote). */
  readonly dir: string;
  readonly pid: number | undefined;
  /** php-fpm's log (master and workers). */
  output(): string;
  stop(): Promise<void>;
}

/** The documented substitutions of the pool file: addresses and paths only. */
export function phpFpmSubstitutions(dir: string, memcachedPort: number, sessionsPort = memcachedPort): Array<[string, string]> {
  return [
    ['/run/php/php8.2-fpm.sock', join(dir, 'php-fpm.sock')],
    // stderr of a child of node is a socket, which cannot be opened by path: log to a file.
    ['error_log = /proc/self/fd/2', `error_log = ${join(dir, 'php-fpm.log')}`],
    ['env[ISAUTH_PAGE_CACHE] = 127.0.0.1:11211', `env[ISAUTH_PAGE_CACHE] = 127.0.0.1:${memcachedPort}`],
    ['save_path] = "127.0.0.1:11211"', `save_path] = "127.0.0.1:${sessionsPort}"`],
  ];
}

/**
 * THE php-fpm starter of the tests, the drills and the bench: a pool file made by `conf(dir)`
 * (its socket must be `<dir>/php-fpm.sock`, its log `<dir>/php-fpm.log`), plus `files` written
 * beside it (an auth.php…), run as root with `-R` in the foreground; ready when the socket accepts.
 * The directory is world-traversable: nginx's workers (nobody) reach the socket.
 */
export async function runPhpFpm(conf: (dir: string) => string, o: { name?: string; files?: Record<string, string> } = {}): Promise<RunningPhpFpm> {
  const fpm = findProgram('php-fpm');
  if (!fpm) throw new Error('php-fpm not found (use havePrograms)');
  const dir = tempDir(o.name ?? 'php-fpm');
  chmodSync(dir, 0o755);
  for (const [name, text] of Object.entries(o.files ?? {})) writeFileSync(join(dir, name), text, { mode: 0o644 });
  const file = join(dir, 'php-fpm.conf');
  writeFileSync(file, conf(dir));
  const socket = join(dir, 'php-fpm.sock');
  const child = spawnTracked('php-fpm', fpm, ['-R', '-F', '-y', file], { stopSignal: 'SIGQUIT' });
  await child.started(waitForSocket(socket));
  const log = join(dir, 'php-fpm.log');
  return { socket, dir, pid: child.child.pid, output: () => (existsSync(log) ? readFileSync(log, 'utf8') : ''), stop: () => child.stop() };
}

/** The demo app's SHIPPED pool, with only its addresses and paths substituted. */
export function startPhpFpm(o: PhpFpmOptions): Promise<RunningPhpFpm> {
  return runPhpFpm((dir) => {
    const texts = new Map([['php-fpm.conf', readFileSync(join(PHP_APP_DIR, 'php-fpm.conf'), 'utf8')]]);
    substitute(texts, phpFpmSubstitutions(dir, o.memcachedPort, o.sessionsPort));
    if (o.children !== undefined) substitute(texts, [['pm.max_children = 4', `pm.max_children = ${o.children}`]]);
    return `${texts.get('php-fpm.conf') ?? ''}${o.backlog !== undefined ? `\nlisten.backlog = ${o.backlog}\n` : ''}`;
  });
}
