/**
 * The whole demo stack for one e2e file: memcached, php-fpm (demo app), the real isauth and
 * nginx with the shipped nginx/ files. Start once in beforeAll, stop in afterAll.
 */
import { join } from 'node:path';
import { DEMO_ISAUTH_FLAGS, startIsauth, type RunningIsauth } from '../../harness/isauth.js';
import { startNginx, worldReadableCopy, type RunningNginx } from '../../harness/nginx.js';
import { PHP_APP_DIR, startPhpFpm, type RunningPhpFpm } from '../../harness/php-fpm.js';
import { startMemcached, tempDir, type RunningServer } from '../../harness/servers.js';
import { mcGet } from '../../harness/memcached-text.js';
import { chmodSync } from 'node:fs';

export interface Stack {
  readonly memcached: RunningServer;
  readonly php: RunningPhpFpm;
  readonly isauth: RunningIsauth;
  readonly nginx: RunningNginx;
  /** How many requests PHP has handled (the demo app counts them in memcached). */
  phpRequests(): Promise<number>;
  stop(): Promise<void>;
}

export async function startStack(
  o: { isauthOver: 'tcp' | 'unix'; /** Added to the demo flags. */ isauthFlags?: readonly string[] } = { isauthOver: 'tcp' },
): Promise<Stack> {
  const started: Array<{ stop(): Promise<void> }> = [];
  const stopAll = async (): Promise<void> => {
    for (const s of started.reverse()) await s.stop().catch(() => undefined);
  };
  try {
    const memcached = await startMemcached();
    started.push(memcached);
    const php = await startPhpFpm({ memcachedPort: memcached.port });
    started.push(php);
    let socket: string | undefined;
    if (o.isauthOver === 'unix') {
      const dir = tempDir('isauth-sock');
      chmodSync(dir, 0o755);
      socket = join(dir, 'isauth.sock');
    }
    const flags = o.isauthFlags === undefined ? {} : { flags: [...DEMO_ISAUTH_FLAGS, ...o.isauthFlags] };
    const isauth = await startIsauth({ store: memcached.url, ...flags, ...(socket === undefined ? {} : { socket }) });
    started.push(isauth);
    const app = worldReadableCopy(PHP_APP_DIR, 'app');
    const nginx = await startNginx({
      isauth: socket === undefined ? { port: isauth.port ?? 0 } : { socket },
      memcachedPort: memcached.port,
      phpSocket: php.socket,
      appRoot: join(app, 'public'),
    });
    started.push(nginx);
    return {
      memcached,
      php,
      isauth,
      nginx,
      phpRequests: async () => Number((await mcGet(memcached.port, 'demo:php-requests'))?.toString() ?? '0'),
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
