/**
 * The REAL isauth service (`node dist/bin/isauth.js serve`, built by `npm run build`) as a child
 * process, on a free TCP port of 127.0.0.1 or on a unix socket; ready when /healthz answers.
 *
 *   const isauth = await startIsauth({ store: mc.url });                 // TCP
 *   const isauth = await startIsauth({ store: mc.url, socket: path });   // unix socket
 *   await isauth.connectionsAccepted();  // isauth_connections_total from /metrics
 *   await isauth.stop(); await isauth.restart();
 */
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { freePort } from './servers.js';
import { spawnTracked, type Tracked } from './process.js';

/** The shipped command (package.json's bin): the bundle `npm run build` writes to dist/bin/. */
export const ISAUTH_MAIN = fileURLToPath(new URL('../../dist/bin/isauth.js', import.meta.url));

/** The flags the demo runs with — docker-compose.yml must use the same (compose.test.ts). */
export const DEMO_ISAUTH_FLAGS: readonly string[] = [
  '--serializer', 'php',
  '--cookie', 'PHPSESSID',
  '--auth', 'user',
  '--log-level', 'warn',
];

export interface IsauthOptions {
  /** `memcached://127.0.0.1:PORT` (or any --store URL); undefined: no --store flag (a --config file says). */
  store: string | undefined;
  /** Listen on this unix socket instead of a free TCP port. */
  socket?: string;
  /** Replaces DEMO_ISAUTH_FLAGS. */
  flags?: readonly string[];
}

export interface RunningIsauth {
  /** TCP port, or undefined on a unix socket. */
  readonly port: number | undefined;
  readonly socket: string | undefined;
  /** The --listen value. */
  readonly listen: string;
  readonly running: boolean;
  /** GET a path of isauth itself (over TCP or the socket). */
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>;
  /** isauth_connections_total: connections accepted since start (our own /metrics reads included). */
  connectionsAccepted(): Promise<number>;
  /** Sum of isauth_requests_total{endpoint=ENDPOINT} over all variants. */
  requestsAnswered(endpoint: 'auth' | 'required'): Promise<number>;
  /** Connections isauth accepted while `run` ran (our own /metrics reads excluded). */
  connectionsDuring(run: () => Promise<void>): Promise<number>;
  output(): string;
  /** SIGSTOP: isauth still accepts connections (kernel backlog) but never answers — "slow". */
  pause(): void;
  /** SIGCONT after pause(). */
  resume(): void;
  stop(): Promise<void>;
  /** Start again with the same address. */
  restart(): Promise<void>;
}

export function haveIsauthBuild(): boolean {
  if (existsSync(ISAUTH_MAIN)) return true;
  throw new Error(`${ISAUTH_MAIN} is missing: run \`npm run build\` (npm run test:e2e does)`);
}

export async function startIsauth(o: IsauthOptions): Promise<RunningIsauth> {
  haveIsauthBuild();
  const port = o.socket === undefined ? await freePort() : undefined;
  const listen = o.socket === undefined ? `127.0.0.1:${port}` : `unix:${o.socket}`;
  const args = [ISAUTH_MAIN, 'serve', '--listen', listen, ...(o.store === undefined ? [] : ['--store', o.store]), ...(o.flags ?? DEMO_ISAUTH_FLAGS)];
  let child: Tracked | undefined;

  const get: RunningIsauth['get'] = (path, headers = {}) =>
    new Promise((resolve, reject) => {
      const target = o.socket === undefined ? { host: '127.0.0.1', port } : { socketPath: o.socket };
      const req = request({ ...target, path, headers: { ...headers, connection: 'close' }, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.setTimeout(2000, () => req.destroy(new Error(`isauth ${path}: timeout`)));
      req.on('error', reject);
      req.end();
    });

  const launch = async (): Promise<void> => {
    const c = spawnTracked('isauth', process.execPath, args, { stopSignal: 'SIGTERM' });
    child = c;
    await c.started(
      (async () => {
        const deadline = Date.now() + 10_000;
        for (;;) {
          const ok = await get('/healthz').then((r) => r.status === 200, () => false);
          if (ok) return;
          if (Date.now() > deadline) throw new Error(`isauth /healthz not ready: ${c.output()}`);
          await new Promise((r) => setTimeout(r, 25));
        }
      })(),
    );
  };

  await launch();
  const connectionsAccepted = async (): Promise<number> => {
    const res = await get('/metrics');
    const m = /^isauth_connections_total(?:\{[^}]*\})? ([0-9.e+]+)$/m.exec(res.body);
    if (res.status !== 200 || !m?.[1]) throw new Error(`no isauth_connections_total in /metrics (${res.status})`);
    return Number(m[1]);
  };
  const requestsAnswered = async (endpoint: 'auth' | 'required'): Promise<number> => {
    const res = await get('/metrics');
    const re = new RegExp(`^isauth_requests_total\\{[^}]*endpoint="${endpoint}"[^}]*\\} ([0-9.e+]+)$`, 'gm');
    return [...res.body.matchAll(re)].reduce((sum, m) => sum + Number(m[1]), 0);
  };
  return {
    port,
    socket: o.socket,
    listen,
    get running() {
      return child?.running ?? false;
    },
    get,
    connectionsAccepted,
    requestsAnswered,
    async connectionsDuring(run) {
      const before = await connectionsAccepted();
      await run();
      const after = await connectionsAccepted();
      return after - before - 1; // the second /metrics read came on a connection of its own
    },
    output: () => child?.output() ?? '',
    pause: () => void child?.child.kill('SIGSTOP'),
    resume: () => void child?.child.kill('SIGCONT'),
    stop: async () => {
      await child?.stop();
    },
    restart: async () => {
      await child?.stop();
      await launch();
    },
  };
}
