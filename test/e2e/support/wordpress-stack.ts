/**
 * A WordPress site cached by isauth, as docs/wordpress.md sets it up: the real WordPress
 * (Debian's package) with the must-use plugin examples/wordpress/isauth-page-cache.php, php-fpm,
 * memcached for pages, the real isauth (`--framework wordpress --wp-config …`) and nginx with the
 * SHIPPED nginx/wordpress-*.conf — copied with addresses and paths substituted only (plus, for
 * the per-role cache, the one documented opt-in line).
 */
import { fileURLToPath } from 'node:url';
import { startIsauth, type RunningIsauth } from '../../harness/isauth.js';
import { mcDelete, mcKeys } from '../../harness/memcached-text.js';
import { copyShippedNginx, nginxSubstitutions } from '../../harness/nginx.js';
import { startMemcached, type RunningServer } from '../../harness/servers.js';
import { startWordPress, type WordPressSite } from '../../harness/wordpress.js';
import { startWordPressHttp, type RunningWordPressHttp } from '../../harness/wordpress-http.js';

export const MU_PLUGIN = fileURLToPath(new URL('../../../examples/wordpress/isauth-page-cache.php', import.meta.url));

/** The documented opt-in line of nginx/wordpress-http.conf, commented and not. */
export const ADMIN_OPT_IN: readonly [string, string] = ['    # admin     @isauth_cache;', '    admin     @isauth_cache;'];

export interface WordPressStack {
  readonly wp: WordPressSite;
  readonly memcached: RunningServer;
  readonly isauth: RunningIsauth;
  readonly http: RunningWordPressHttp;
  /** How many requests PHP (php-fpm) has handled so far. */
  phpCount(): number;
  /** Empty the page cache. */
  clearPages(): Promise<void>;
  /** nginx again, with the administrators' cache opted in (or out). */
  restartNginx(o: { adminCache: boolean }): Promise<void>;
  stop(): Promise<void>;
}

export async function startWordPressStack(o: { adminCache?: boolean } = {}): Promise<WordPressStack> {
  const started: Array<{ stop(): Promise<void> }> = [];
  const stopAll = async (): Promise<void> => {
    for (const s of started.reverse()) await s.stop().catch(() => undefined);
  };
  try {
    const memcached = await startMemcached();
    started.push(memcached);
    const wp = await startWordPress({
      muPlugins: [MU_PLUGIN],
      defines: { ISAUTH_MEMCACHED: `127.0.0.1:${memcached.port}`, ISAUTH_ROLE_VARIANTS: 'admin=administrator' },
    });
    started.push(wp);
    const isauth = await startIsauth({
      store: wp.isauthUrl,
      flags: ['--framework', 'wordpress', '--wp-config', wp.wpConfig, '--wp-siteurl', wp.url, '--variant', 'admin=roles|administrator', '--log-level', 'warn'],
    });
    started.push(isauth);
    const startHttp = (adminCache: boolean): Promise<RunningWordPressHttp> =>
      startWordPressHttp(wp, {
        http: (fpmSocket, confDir) => {
          copyShippedNginx(`${confDir}/isauth`, [
            ...nginxSubstitutions({ isauth: { port: isauth.port ?? 0 }, memcachedPort: memcached.port, phpSocket: fpmSocket, appRoot: wp.root }, wp.port),
            ['root /usr/share/wordpress;', `root ${wp.root};`],
            ['alias /var/lib/wordpress/wp-content/;', `alias ${wp.root}/wp-content/;`],
            ...(adminCache ? [ADMIN_OPT_IN] : []),
          ]);
          return '    include isauth/wordpress-site.conf;';
        },
      });
    let http = await startHttp(o.adminCache ?? false);
    const stack: WordPressStack = {
      wp,
      memcached,
      isauth,
      get http() {
        return http;
      },
      phpCount: () => http.phpRequests().length,
      async clearPages() {
        for (const k of await mcKeys(memcached.port, 'isauth:page:')) await mcDelete(memcached.port, k);
      },
      async restartNginx(r) {
        await http.stop();
        http = await startHttp(r.adminCache);
      },
      async stop() {
        await http.stop().catch(() => undefined);
        await stopAll();
      },
    };
    return stack;
  } catch (err) {
    await stopAll();
    throw err;
  }
}
