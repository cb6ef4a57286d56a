/**
 * nginx for one bench setup. The shipped nginx/*.conf are copied and templated by the test
 * harness (writeNginxConf: addresses and paths only); the bench then writes its own main
 * nginx.conf around them: N workers, no access log (the same for every setup), Lua modules when
 * asked, and the setup's http-level text (e.g. `include isauth/example-site.conf;`).
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mainConf, writeNginxConf } from '../../test/harness/nginx.js';
import { findProgram } from '../../test/harness/programs.js';
import { freePort, tempDir, waitForPort } from '../../test/harness/servers.js';
import { spawnTracked } from '../../test/harness/process.js';

const KEEPALIVE = /\bkeepalive \d+;/;

/** The `keepalive N;` of the shipped isauth upstream (nginx/isauth-upstream.conf). */
export function shippedUpstreamKeepalive(): number {
  const text = readFileSync(new URL('../../nginx/isauth-upstream.conf', import.meta.url), 'utf8');
  const m = /\bkeepalive (\d+);/.exec(text);
  if (!m) throw new Error('nginx/isauth-upstream.conf: no "keepalive N;"');
  return Number(m[1]);
}

export const LUA_MODULES = ['/usr/lib/nginx/modules/ndk_http_module.so', '/usr/lib/nginx/modules/ngx_http_lua_module.so'];

export interface BenchNginxOptions {
  /** Where isauth listens (only used by setups that include the isauth upstream). */
  isauth?: { port: number } | { socket: string };
  memcachedPort: number;
  phpSocket: string;
  appRoot: string;
  workers: number;
  lua?: boolean;
  /** Replace the shipped `keepalive 64;` of the isauth upstreams (an experiment, not the default). */
  upstreamKeepalive?: number | undefined;
  /** The http-level part: the site, given the port nginx listens on. */
  http(port: number): string;
}

export interface BenchNginx {
  readonly port: number;
  readonly url: string;
  readonly pid: number | undefined;
  errorLog(): string;
  stop(): Promise<void>;
}

export function haveLuaModules(): boolean {
  return LUA_MODULES.every((m) => existsSync(m));
}

function benchMainConf(dir: string, o: BenchNginxOptions, port: number): string {
  return mainConf(dir, {
    workers: o.workers,
    errorLevel: 'warn',
    accessLog: 'off',
    workerConnections: 4096,
    keepaliveRequests: 100000,
    ...(o.lua && { modules: LUA_MODULES }),
    http: o.http(port),
  });
}

export async function startBenchNginx(o: BenchNginxOptions): Promise<BenchNginx> {
  const nginx = findProgram('nginx');
  if (!nginx) throw new Error('nginx not found');
  const dir = tempDir('bench-nginx');
  chmodSync(dir, 0o755);
  const port = await freePort();
  const conf = writeNginxConf(
    dir,
    { isauth: o.isauth ?? { port: 9 }, memcachedPort: o.memcachedPort, phpSocket: o.phpSocket, appRoot: o.appRoot },
    port,
  );
  writeFileSync(conf, benchMainConf(dir, o, port));
  if (o.upstreamKeepalive !== undefined) {
    for (const f of ['isauth-upstream.conf', 'isauth-upstream-unix.conf']) {
      const file = join(dir, 'conf/isauth', f);
      const text = readFileSync(file, 'utf8');
      if (!KEEPALIVE.test(text)) throw new Error(`${f}: no "keepalive N;" to replace`);
      writeFileSync(file, text.replace(KEEPALIVE, `keepalive ${o.upstreamKeepalive};`));
    }
  }
  const child = spawnTracked('nginx', nginx, ['-p', `${dir}/`, '-e', `${dir}/logs/error.log`, '-c', conf], { stopSignal: 'SIGTERM' });
  await child.started(waitForPort(port));
  const log = join(dir, 'logs/error.log');
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    pid: child.child.pid,
    errorLog: () => (existsSync(log) ? readFileSync(log, 'utf8') : ''),
    stop: () => child.stop(),
  };
}
