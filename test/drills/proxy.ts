/**
 * A small TCP proxy between isauth and its session store, for faults a real server cannot be
 * told to have: `slow` (every chunk, each way, delayed by a random 50–500 ms, order kept),
 * `flap` (alternately passing and cutting every connection, refusing new ones while cut),
 * `refuse` (accept and close at once: the store is down). `pass` forwards as it is.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export type ProxyMode = { kind: 'pass' } | { kind: 'refuse' } | { kind: 'slow'; minMs: number; maxMs: number } | { kind: 'flap'; upMs: number; downMs: number };

export interface TcpProxy {
  readonly port: number;
  setMode(mode: ProxyMode): void;
  /** Cut every open connection (both sides). */
  cutAll(): void;
  close(): Promise<void>;
}

/** Forward `from` → `to`, each chunk delayed by `delay()` ms, never overtaking the previous one. */
function pipeDelayed(from: Socket, to: Socket, delay: () => number): void {
  let lastAt = 0;
  from.on('data', (chunk: Buffer) => {
    const d = delay();
    if (d === 0 && lastAt <= Date.now()) {
      to.write(chunk);
      return;
    }
    const at = Math.max(Date.now() + d, lastAt);
    lastAt = at;
    setTimeout(() => to.writable && to.write(chunk), at - Date.now());
  });
}

export async function startProxy(upstreamPort: number, host = '127.0.0.1'): Promise<TcpProxy> {
  let mode: ProxyMode = { kind: 'pass' };
  let flapTimer: NodeJS.Timeout | undefined;
  let cut = false;
  const open = new Set<Socket>();
  const delay = (): number => (mode.kind === 'slow' ? mode.minMs + Math.random() * (mode.maxMs - mode.minMs) : 0);

  const cutAll = (): void => {
    for (const s of open) s.destroy();
    open.clear();
  };

  const server: Server = createServer((client) => {
    if (mode.kind === 'refuse' || cut) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ host, port: upstreamPort });
    open.add(client);
    open.add(upstream);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    pipeDelayed(client, upstream, delay);
    pipeDelayed(upstream, client, delay);
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  const a = server.address();
  const port = typeof a === 'object' && a ? a.port : 0;

  return {
    port,
    setMode(next) {
      if (flapTimer) clearTimeout(flapTimer);
      flapTimer = undefined;
      cut = false;
      mode = next;
      if (next.kind === 'refuse') cutAll();
      if (next.kind === 'flap') {
        const flip = (): void => {
          cut = !cut;
          if (cut) cutAll();
          flapTimer = setTimeout(flip, cut ? next.downMs : next.upMs);
        };
        flapTimer = setTimeout(flip, next.upMs);
      }
    },
    cutAll,
    close: async () => {
      if (flapTimer) clearTimeout(flapTimer);
      cutAll();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
