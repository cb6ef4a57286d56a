/**
 * `limit`: nginx serves the cached page from memcached with NO auth check (every visitor gets the
 * anon page) — the ceiling. Same shipped @isauth_cache location and the same try_files stat as
 * isauth-cache.conf, so the only difference to the isauth setups is the auth_request.
 */
import { startBenchNginx } from '../stack/nginx.js';
import { benchSite } from '../stack/site.js';
import { phpSocketOf, type Setup } from './types.js';

export const limit: Setup = {
  name: 'limit',
  group: 'limit',
  description: 'nginx → page from memcached, no auth check (ceiling)',
  programs: ['nginx', 'memcached'],
  async start(ctx) {
    const nginx = await startBenchNginx({
      memcachedPort: ctx.memcached.port,
      phpSocket: phpSocketOf(ctx),
      appRoot: ctx.appRoot,
      workers: ctx.nginxWorkers,
      http: (port) => benchSite(port, ctx.appRoot, `
        location / {
            set $isauth_variant anon;               # no auth check at all
            try_files /.isauth-route @isauth_cache;
        }`),
    });
    return { target: { url: nginx.url, mode: 'page', fixedVariant: 'anon' }, processes: { nginx: nginx.pid }, stop: () => nginx.stop() };
  },
};
