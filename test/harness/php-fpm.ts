/**
 * Real php-fpm running the demo app's SHIPPED pool (examples/php-app/php-fpm.conf), with only
 * the socket path and memcached address substituted. Started as root: `-R`, pool user www-data,
 * socket mode 0666 (nginx workers run as nobody).
 *
 *   const app = worldReadableCopy(PHP_APP_DIR, 'app');
 *   const fpm = await startPhpFpm({ memcachedPort, appDir: app });  // fpm.socket for nginx
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
  /** memcached for sessions and pages. */
  memcachedPort: number;
}

export interface RunningPhpFpm {
  /** The unix socket php-fpm listens on (mode 0666). */
  readonly socket: string;
  /** php-fpm's log (master and workers). */
  output(): string;
  stop(): Promise<void>;
}

/** The documented substitutions of the pool file: addresses and paths only. */
export function phpFpmSubstitutions(dir: string, memcachedPort: number): Array<[string, string]> {
  return [
    ['/run/php/php8.2-fpm.sock', join(dir, 'php-fpm.sock')],
    // stderr of a child of node is a socket, which cannot be opened by path: log to a file.
    ['error_log = /proc/self/fd/2', `error_log = ${join(dir, 'php-fpm.log')}`],
    ['127.0.0.1:11211', `127.0.0.1:${memcachedPort}`],
  ];
}

export async function startPhpFpm(o: PhpFpmOptions): Promise<RunningPhpFpm> {
  const fpm = findProgram('php-fpm');
  if (!fpm) throw new Error('php-fpm not found (use havePrograms)');
  const dir = tempDir('php-fpm');
  const socket = join(dir, 'php-fpm.sock');
  const texts = new Map([['php-fpm.conf', readFileSync(join(PHP_APP_DIR, 'php-fpm.conf'), 'utf8')]]);
  substitute(texts, phpFpmSubstitutions(dir, o.memcachedPort));
  const conf = join(dir, 'php-fpm.conf');
  writeFileSync(conf, texts.get('php-fpm.conf') ?? '');
  // The socket lives in a dir nginx's workers (nobody) must traverse.
  chmodSync(dir, 0o755);
  const child = spawnTracked('php-fpm', fpm, ['-R', '-F', '-y', conf], { stopSignal: 'SIGQUIT' });
  await child.started(waitForSocket(socket));
  const log = join(dir, 'php-fpm.log');
  return { socket, output: () => (existsSync(log) ? readFileSync(log, 'utf8') : ''), stop: () => child.stop() };
}
