/**
 * What every setup shares, started once per run: memcached (sessions AND pages), the sessions
 * (real PHP), the pages, the demo app dir (nginx root, PHP fallback) and, when asked, php-fpm.
 */
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { worldReadableCopy } from '../../test/harness/nginx.js';
import { PHP_APP_DIR } from '../../test/harness/php-fpm.js';
import { startMemcached, tempDir } from '../../test/harness/servers.js';
import { writePages } from '../pages.js';
import { visitorMix, writeSessions, type Visitor } from '../sessions.js';
import type { BenchContext } from '../setups/types.js';
import { startBenchPhpFpm } from './php-fpm.js';

export interface BaseOptions {
  readonly sessions: number;
  readonly php: boolean;
  readonly phpChildren: number;
  readonly nginxWorkers: number;
  readonly upstreamKeepalive?: number | undefined;
  readonly isauthFlags: readonly string[];
  readonly log: (line: string) => void;
}

export interface Base {
  readonly ctx: BenchContext;
  readonly visitors: readonly Visitor[];
  stop(): Promise<void>;
}

function worldTraversable(dir: string): string {
  chmodSync(dir, 0o755);
  return dir;
}

export async function startBase(o: BaseOptions): Promise<Base> {
  const memcached = await startMemcached({ args: ['-m', '256', '-c', '4096', '-t', '2'] });
  try {
    const sessions = writeSessions(memcached.port, o.sessions);
    const loggedIn = sessions.loggedIn.filter(Boolean).length;
    o.log(`sessions: ${o.sessions} written by one php process in ${sessions.seconds.toFixed(1)} s (${loggedIn} logged in)`);
    const pages = await writePages(memcached.port);
    o.log(`pages: ${pages} written to memcached (uncompressed)`);
    const php = o.php ? await startBenchPhpFpm(memcached.port, o.phpChildren) : undefined;
    if (php) o.log(`php-fpm: pool of ${o.phpChildren} static children, opcache on, session locking off`);
    const ctx: BenchContext = {
      memcached,
      sessions,
      php,
      appRoot: join(worldReadableCopy(PHP_APP_DIR, 'bench-app'), 'public'),
      tmp: worldTraversable(tempDir('bench')), // unix sockets nginx's workers (nobody) connect to
      nginxWorkers: o.nginxWorkers,
      phpChildren: o.phpChildren,
      upstreamKeepalive: o.upstreamKeepalive,
      isauthFlags: o.isauthFlags,
      isauthNodeFlags: [],
    };
    return {
      ctx,
      visitors: visitorMix(sessions),
      stop: async () => {
        await php?.stop().catch(() => undefined);
        await memcached.stop();
      },
    };
  } catch (err) {
    await memcached.stop();
    throw err;
  }
}
