/** A tiny memcached text-protocol client for assertions: raw bytes in, raw bytes out. */
import { createConnection } from 'node:net';

function roundTrip(port: number, command: Buffer, done: (buf: Buffer) => boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const s = createConnection({ host: '127.0.0.1', port });
    let buf = Buffer.alloc(0);
    s.setTimeout(2000, () => s.destroy(new Error('memcached: timeout')));
    s.on('error', reject);
    s.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (done(buf)) {
        s.end();
        resolve(buf);
      }
    });
    s.write(command);
  });
}

const endsWith = (b: Buffer, tails: string[]): boolean => tails.some((t) => b.toString('latin1').endsWith(t));

/** The value of `key`, or null on a miss. */
export async function mcGet(port: number, key: string): Promise<Buffer | null> {
  const b = await roundTrip(port, Buffer.from(`get ${key}\r\n`), (x) => endsWith(x, ['END\r\n', 'ERROR\r\n']));
  const head = /^VALUE \S+ \d+ (\d+)\r\n/.exec(b.toString('latin1'));
  if (!head) return null;
  const start = head[0].length;
  return b.subarray(start, start + Number(head[1]));
}

export async function mcSet(port: number, key: string, value: string | Buffer, ttl = 300): Promise<void> {
  const v = Buffer.from(value);
  const cmd = Buffer.concat([Buffer.from(`set ${key} 0 ${ttl} ${v.length}\r\n`), v, Buffer.from('\r\n')]);
  const b = await roundTrip(port, cmd, (x) => endsWith(x, ['\r\n']));
  if (b.toString() !== 'STORED\r\n') throw new Error(`memcached set ${key}: ${b.toString()}`);
}

export async function mcDelete(port: number, key: string): Promise<void> {
  await roundTrip(port, Buffer.from(`delete ${key}\r\n`), (x) => endsWith(x, ['\r\n']));
}

/** Keys matching a prefix (memcached's lru_crawler metadump; fine for a test instance). */
export async function mcKeys(port: number, prefix: string): Promise<string[]> {
  const b = await roundTrip(port, Buffer.from('lru_crawler metadump all\r\n'), (x) => endsWith(x, ['END\r\n', 'ERROR\r\n']));
  return [...b.toString('latin1').matchAll(/^key=(\S+)/gm)]
    .map((m) => decodeURIComponent(m[1] ?? ''))
    .filter((k) => k.startsWith(prefix));
}
