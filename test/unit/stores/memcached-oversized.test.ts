/**
 * An oversized session is refused by the size memcached announces in its VALUE line, at once, and
 * its bytes are skipped as they stream in (never buffered); the answer queued behind it on the
 * same connection is still read correctly.
 */
import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MemcachedConnection } from '../../../src/stores/memcached-conn.js';

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A fake memcached: answers `get big` with 4 MB sent in slow pieces (the test drives them). */
async function fakeServer(): Promise<{ port: number; client: Promise<Socket> }> {
  const server = createServer();
  const client = new Promise<Socket>((resolve) => server.once('connection', resolve));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push({ close: () => server.close() });
  const a = server.address();
  return { port: typeof a === 'object' && a ? a.port : 0, client };
}

describe('memcached: oversized values', () => {
  it('refuses by the announced size before the bytes arrive, skips them, answers the next request', async () => {
    const { port, client } = await fakeServer();
    const conn = new MemcachedConnection('127.0.0.1', port, 1024);
    const big = conn.get('big', 60_000);
    const small = conn.get('small', 60_000);
    const sock = await client;
    const size = 4 * 1024 * 1024;
    sock.write(`VALUE big 0 ${size}\r\n`);
    sock.write(Buffer.alloc(1000, 0x61));
    // Refused now, while almost all of the 4 MB is still to come.
    await expect(big).rejects.toMatchObject({ code: 'STORE_TOO_LARGE' });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let left = size - 1000;
    while (left > 0) {
      const n = Math.min(left, chunk.length);
      sock.write(chunk.subarray(0, n));
      left -= n;
    }
    sock.write('\r\nEND\r\nVALUE small 3 5\r\nhello\r\nEND\r\n');
    const v = await small;
    expect(v && Buffer.from(v.bytes).toString()).toBe('hello');
    expect(v?.flags).toBe(3);
    conn.close();
  });

  it('a whole oversized answer in one chunk is skipped too', async () => {
    const { port, client } = await fakeServer();
    const conn = new MemcachedConnection('127.0.0.1', port, 4);
    const big = conn.get('big', 60_000);
    const small = conn.get('small', 60_000);
    (await client).write('VALUE big 0 10\r\n0123456789\r\nEND\r\nVALUE small 0 2\r\nok\r\nEND\r\n');
    await expect(big).rejects.toMatchObject({ code: 'STORE_TOO_LARGE' });
    expect(Buffer.from((await small)!.bytes).toString()).toBe('ok');
    conn.close();
  });
});
