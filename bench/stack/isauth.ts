/**
 * The real isauth service for the bench: like test/harness/isauth.ts, plus node flags (e.g.
 * --cpu-prof) and extra service flags (--workers, --no-metrics…). Ready when /healthz answers.
 */
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { DEMO_ISAUTH_FLAGS } from '../../test/harness/isauth.js';
import { freePort } from '../../test/harness/servers.js';
import { spawnTracked } from '../../test/harness/process.js';
import { isauthMain } from '../paths.js';

export interface BenchIsauthOptions {
  /** `memcached://127.0.0.1:PORT` */
  store: string;
  /** Listen on this unix socket instead of a free TCP port. */
  socket?: string;
  /** Added after the demo flags (a later flag wins). */
  flags?: readonly string[];
  /** false: without the demo flags (--serializer, --cookie, --auth) — another profile's setup. */
  demoFlags?: boolean;
  /** Flags for node itself, before the script (e.g. --cpu-prof). */
  nodeFlags?: readonly string[];
}

export interface BenchIsauth {
  readonly port: number | undefined;
  readonly socket: string | undefined;
  readonly pid: number | undefined;
  output(): string;
  /** isauth_connections_total from /metrics (undefined with --no-metrics). */
  connections(): Promise<number | undefined>;
  stop(): Promise<void>;
}

type Target = { port: number } | { socketPath: string };

function get(target: Target, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const where = 'port' in target ? { host: '127.0.0.1', port: target.port } : target;
    const req = request({ ...where, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.setTimeout(1000, () => req.destroy());
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.end();
  });
}

export async function startBenchIsauth(o: BenchIsauthOptions): Promise<BenchIsauth> {
  const main = isauthMain();
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
  const port = o.socket === undefined ? await freePort() : undefined;
  const listen = o.socket === undefined ? `127.0.0.1:${port}` : `unix:${o.socket}`;
  const args = [...(o.nodeFlags ?? []), main, 'serve', '--listen', listen, '--store', o.store, ...(o.demoFlags === false ? [] : DEMO_ISAUTH_FLAGS), ...(o.flags ?? [])];
  const child = spawnTracked('isauth', process.execPath, args, { stopSignal: 'SIGTERM' });
  const target = o.socket === undefined ? { port: port ?? 0 } : { socketPath: o.socket };
  await child.started(
    (async () => {
      const deadline = Date.now() + 10_000;
      while ((await get(target, '/healthz')).status !== 200) {
        if (Date.now() > deadline) throw new Error(`isauth /healthz not ready: ${child.output()}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    })(),
  );
  const connections = async (): Promise<number | undefined> => {
    const m = /^isauth_connections_total(?:\{[^}]*\})? ([0-9.e+]+)$/m.exec((await get(target, '/metrics')).body);
    return m?.[1] === undefined ? undefined : Number(m[1]);
  };
  return { port, socket: o.socket, pid: child.child.pid, output: () => child.output(), connections, stop: () => child.stop() };
}
