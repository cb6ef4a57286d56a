/**
 * `lua`: what a user might do without isauth, in nginx alone — access_by_lua_block fetches the
 * raw session from memcached through a subrequest (an internal memcached_pass location keyed
 * `memc.sess.key.$cookie_PHPSESSID`) and looks for `user|s:` with a plain string find (no
 * decoding: it only works because the bench's logged-in sessions hold a string user name).
 * Then the page variant from memcached through the shipped @isauth_cache, like the others.
 */
import { haveLuaModules, startBenchNginx } from '../stack/nginx.js';
import { benchSite } from '../stack/site.js';
import { phpSocketOf, type Setup } from './types.js';

export const lua: Setup = {
  name: 'lua',
  group: 'lua',
  description: 'nginx + access_by_lua (memcached subrequest, string find); page from memcached',
  programs: ['nginx', 'memcached'],
  unavailable: () => (haveLuaModules() ? undefined : 'libnginx-mod-http-lua is not installed'),
  async start(ctx) {
    const nginx = await startBenchNginx({
      memcachedPort: ctx.memcached.port,
      phpSocket: phpSocketOf(ctx),
      appRoot: ctx.appRoot,
      workers: ctx.nginxWorkers,
      lua: true,
      http: (port) => benchSite(port, ctx.appRoot, `
        location = /_session {
            internal;
            set $memcached_key "memc.sess.key.$cookie_PHPSESSID";
            memcached_pass isauth_page_cache;              # sessions live in the same memcached
            memcached_connect_timeout 100ms;
            memcached_send_timeout 300ms;
            memcached_read_timeout 300ms;
            memcached_next_upstream off;
        }
        location / {
            set $isauth_variant "";
            access_by_lua_block {
                local variant = "anon"
                if ngx.var.cookie_PHPSESSID then
                    local res = ngx.location.capture("/_session")
                    if res.status == 200 and string.find(res.body, "user|s:", 1, true) then
                        variant = "auth"
                    end
                end
                ngx.var.isauth_variant = variant
            }
            try_files /.isauth-route $isauth_route;
        }`),
    });
    return { target: { url: nginx.url, mode: 'page' }, processes: { nginx: nginx.pid }, stop: () => nginx.stop() };
  },
};
