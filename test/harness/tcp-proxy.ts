/**
 * A TCP proxy on a free port of 127.0.0.1 in front of one real server, that can hold back what the
 * server sends: `limit(n)` lets at most `n` more bytes through to the client (per connection, from
 * then on) and keeps the rest unread on the server's side until `unlimit()`. A store that decides
 * by the size a protocol ANNOUNCES answers while the rest is held back; a store that downloads a
 * value to measure it waits for bytes that never come (and times out).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** From now on, let at most `bytes` more bytes of each connection through to the client. */
  limit(bytes: number): void;
  /** Let everything through again (what was held back follows). */
  unlimit(): void;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  server: Socket;
  /** Bytes still allowed through, Infinity when unlimited. */
  budget: number;
  held: Buffer[];
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let budget = Infinity;

  /** Forward what the budget allows; pause the server side while bytes are held back. */
  function pump(p: Pair): void {
    while (p.held.length > 0 && p.budget > 0) {
      const chunk = p.held[0]!;
      const n = Math.min(chunk.length, p.budget);
      p.client.write(chunk.subarray(0, n));
      p.budget -= n;
      if (n === chunk.length) p.held.shift();
      else p.held[0] = chunk.subarray(n);
    }
    if (p.held.length > 0) p.server.pause();
    else p.server.resume();
  }

  const server: Server = createServer((client) => {
    const upstream = connect({ host: targetHost, port: targetPort });
    const p: Pair = { client, server: upstream, budget, held: [] };
    pairs.add(p);
    const end = () => {
      pairs.delete(p);
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (d: Buffer) => upstream.write(d));
    upstream.on('data', (d: Buffer) => {
      p.held.push(d);
      pump(p);
    });
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  if (addr === null || typeof addr !== 'object') throw new Error('tcp-proxy: no port');

  return {
    port: addr.port,
    limit(bytes) {
      budget = bytes;
      for (const p of pairs) p.budget = bytes;
    },
    unlimit() {
      budget = Infinity;
      for (const p of pairs) {
        p.budget = Infinity;
        pump(p);
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const p of pairs) {
          p.client.destroy();
          p.server.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
