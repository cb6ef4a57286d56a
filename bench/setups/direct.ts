/**
 * `direct-isauth`: autocannon straight at isauth's /auth (Cookie header rotating over the
 * sessions), no nginx. `direct-node`: the same load at a bare node:http server returning the
 * same headers with no work (bench/ceiling.ts) — the runtime's ceiling on this machine.
 */
import { fileURLToPath } from 'node:url';
import { freePort, waitForPort } from '../../test/harness/servers.js';
import { spawnTracked } from '../../test/harness/process.js';
import { startBenchIsauth } from '../stack/isauth.js';
import type { Setup } from './types.js';

export const directIsauth: Setup = {
  name: 'direct-isauth',
  group: 'direct',
  description: 'autocannon → isauth /auth (TCP) → memcached, no nginx',
  programs: ['memcached'],
  async start(ctx) {
    const isauth = await startBenchIsauth({ store: ctx.memcached.url, flags: ctx.isauthFlags, nodeFlags: ctx.isauthNodeFlags });
    return { target: { url: `http://127.0.0.1:${isauth.port}`, mode: 'auth' }, processes: { isauth: isauth.pid }, isauthConnections: isauth.connections, stop: () => isauth.stop() };
  },
};

export const directNode: Setup = {
  name: 'direct-node',
  group: 'direct',
  description: 'autocannon → bare node:http, same headers, no work (runtime ceiling)',
  programs: [],
  async start() {
    const port = await freePort();
    const script = fileURLToPath(new URL('../ceiling.js', import.meta.url));
    const child = spawnTracked('node-ceiling', process.execPath, [script, String(port)], { stopSignal: 'SIGTERM' });
    await child.started(waitForPort(port));
    return { target: { url: `http://127.0.0.1:${port}`, mode: 'auth', fixedVariant: 'anon' }, processes: { node: child.child.pid }, stop: () => child.stop() };
  },
};
