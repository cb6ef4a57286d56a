/**
 * `php-fpm-files`: the peer a files user compares isauth-files with — PHP reading its OWN files
 * sessions: auth_request → auth.php (session_start read_and_close, PHP's default files handler,
 * with the flock it always takes) on the same sessions, written again into a directory by PHP's
 * files handler. A pool of its own, like the `php-fpm` one (bench/stack/php-fpm.ts) but for the
 * files; the nginx side is the `php-fpm` setup's. Files are handed to php-fpm's user (www-data):
 * PHP opens them read-write.
 */
import { execFileSync } from 'node:child_process';
import { removeTempDir } from '../../test/harness/servers.js';
import { writeSessionsTo } from '../sessions.js';
import { startBenchPhpFpm } from '../stack/php-fpm.js';
import { phpAuthNginx } from './php-fpm.js';
import { filesDir } from './stores.js';
import { stopAll, type Setup } from './types.js';

export const phpFpmFiles: Setup = {
  name: 'php-fpm-files',
  group: 'php-fpm',
  description: 'nginx + auth_request → PHP session_start(read_and_close) on its files sessions; page from memcached',
  programs: ['nginx', 'memcached', 'php-fpm'],
  async start(ctx) {
    const stops: Array<() => Promise<void>> = [];
    try {
      const dir = filesDir('bench-php-files');
      stops.push(async () => removeTempDir(dir));
      writeSessionsTo({ handler: 'files', savePath: dir }, ctx.sessions);
      execFileSync('chown', ['-R', 'www-data:www-data', dir]);
      const php = await startBenchPhpFpm(ctx.memcached.port, ctx.phpChildren, { files: dir });
      stops.push(() => php.stop());
      const nginx = await phpAuthNginx(ctx, php);
      stops.push(() => nginx.stop());
      return { target: { url: nginx.url, mode: 'page' }, processes: { nginx: nginx.pid, 'php-fpm': php.pid }, stop: () => stopAll(stops) };
    } catch (err) {
      await stopAll(stops);
      throw err;
    }
  },
};
