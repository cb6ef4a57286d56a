/**
 * Talk to one memcached server directly (text protocol), bypassing the store under test:
 * plant values, and ask a given server whether it holds a key.
 */
import { createConnection } from 'node:net';

function exchange(port: number, request: Buffer, done: (buf: Buffer) => boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const sock = createConnection({ host: '127.0.0.1', port });
    let buf = Buffer.alloc(0);
    sock.setTimeout(2000, () => (sock.destroy(), reject(new Error('memcached-direct: timeout'))));
    sock.on('error', reject);
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (done(buf)) {
        sock.destroy();
        resolve(buf);
      }
    });
    sock.write(request);
  });
}

const endsWith = (s: string) => (b: Buffer) => b.toString('latin1').endsWith(s);

export async function memcachedSet(port: number, key: string, bytes: Uint8Array, flags = 0): Promise<void> {
  const req = Buffer.concat([Buffer.from(`set ${key} ${flags} 0 ${bytes.length}\r\n`), bytes, Buffer.from('\r\n')]);
  const res = await exchange(port, req, (b) => b.includes('\r\n'));
  if (!res.toString().startsWith('STORED')) throw new Error(`memcached-direct: set failed: ${res.toString().trim()}`);
}

/** The value of `key` on the server at `port`, or null. */
export async function memcachedGet(port: number, key: string): Promise<Buffer | null> {
  const res = await exchange(port, Buffer.from(`get ${key}\r\n`), (b) => endsWith('END\r\n')(b) || endsWith('ERROR\r\n')(b));
  const text = res.toString('latin1');
  if (text.startsWith('END')) return null;
  const m = /^VALUE \S+ \d+ (\d+)\r\n/.exec(text);
  if (!m) throw new Error(`memcached-direct: get failed: ${text.slice(0, 80)}`);
  const start = m[0].length;
  return res.subarray(start, start + Number(m[1]));
}
