/**
 * `isauth-tcp` / `isauth-unix`: the SHIPPED site (nginx/example-site.conf with its includes,
 * templated for ports and paths only): auth_request → isauth over a keepalive upstream (TCP, or
 * isauth-upstream-unix.conf) → memcached sessions; then the page variant from memcached.
 */
import { join } from 'node:path';
import { startBenchIsauth } from '../stack/isauth.js';
import { startBenchNginx } from '../stack/nginx.js';
import { phpSocketOf, stopAll, type BenchContext, type RunningSetup, type Setup } from './types.js';

/** The shipped site with isauth reading `store` (the bench memcached by default; stores.ts). */
export async function startIsauthSite(ctx: BenchContext, overUnix: boolean, store = ctx.memcached.url): Promise<RunningSetup> {
  const stops: Array<() => Promise<void>> = [];
  try {
    const socket = overUnix ? join(ctx.tmp, `isauth-${process.pid}-${Date.now()}.sock`) : undefined;
    const isauth = await startBenchIsauth({
      store,
      ...(socket === undefined ? {} : { socket }),
      flags: ctx.isauthFlags,
      nodeFlags: ctx.isauthNodeFlags,
    });
    stops.push(() => isauth.stop());
    const nginx = await startBenchNginx({
      isauth: socket === undefined ? { port: isauth.port ?? 0 } : { socket },
      memcachedPort: ctx.memcached.port,
      phpSocket: phpSocketOf(ctx),
      appRoot: ctx.appRoot,
      workers: ctx.nginxWorkers,
      upstreamKeepalive: ctx.upstreamKeepalive,
      http: () => '    include isauth/example-site.conf;',
    });
    stops.push(() => nginx.stop());
    return { target: { url: nginx.url, mode: 'page' }, processes: { nginx: nginx.pid, isauth: isauth.pid }, isauthConnections: isauth.connections, stop: () => stopAll(stops) };
  } catch (err) {
    await stopAll(stops);
    throw err;
  }
}

export const isauthTcp: Setup = {
  name: 'isauth-tcp',
  group: 'isauth',
  description: 'nginx + auth_request → isauth (TCP keepalive) → memcached; page from memcached',
  programs: ['nginx', 'memcached'],
  start: (ctx) => startIsauthSite(ctx, false),
};

export const isauthUnix: Setup = {
  name: 'isauth-unix',
  group: 'isauth',
  description: 'the same over a unix socket (isauth-upstream-unix.conf)',
  programs: ['nginx', 'memcached'],
  start: (ctx) => startIsauthSite(ctx, true),
};
