/**
 * Talk to one memcached server directly over the text protocol, bypassing isauth and PHP:
 * plant values, ask a given server whether it holds a key, read stats. Raw bytes in and out.
 */
import { createConnection } from 'node:net';

function exchange(port: number, request: Buffer, done: (buf: Buffer) => boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const sock = createConnection({ host: '127.0.0.1', port });
    let buf = Buffer.alloc(0);
    // A safety net, not an assertion: generous, so a busy machine cannot fail a test here.
    sock.setTimeout(20_000, () => sock.destroy(new Error('memcached-text: timeout')));
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

const endsWith = (b: Buffer, tails: readonly string[]): boolean => tails.some((t) => b.toString('latin1').endsWith(t));
const oneLine = (b: Buffer): boolean => b.includes('\r\n');

/** The value of `key` on the server at `port`, or null on a miss. */
export async function mcGet(port: number, key: string): Promise<Buffer | null> {
  const res = await exchange(port, Buffer.from(`get ${key}\r\n`), (b) => endsWith(b, ['END\r\n', 'ERROR\r\n']));
  const text = res.toString('latin1');
  if (text.startsWith('END')) return null;
  const m = /^VALUE \S+ \d+ (\d+)\r\n/.exec(text);
  if (!m) throw new Error(`memcached-text: get failed: ${text.slice(0, 80)}`);
  const start = m[0].length;
  return res.subarray(start, start + Number(m[1]));
}

const VALUE_HEAD = /^VALUE \S+ (\d+) (\d+)\r\n/;

/**
 * The value of `key` with its client flags, or null on a miss. Waits for the announced length
 * (binary values may contain `END\r\n`).
 */
export async function mcGetItem(port: number, key: string): Promise<{ value: Buffer; flags: number } | null> {
  const complete = (b: Buffer): boolean => {
    const m = VALUE_HEAD.exec(b.subarray(0, 300).toString('latin1'));
    if (!m) return endsWith(b, ['END\r\n', 'ERROR\r\n']) && !b.toString('latin1', 0, 6).startsWith('VALUE');
    return b.length >= m[0].length + Number(m[2]) + '\r\nEND\r\n'.length;
  };
  const res = await exchange(port, Buffer.from(`get ${key}\r\n`), complete);
  const head = res.subarray(0, 300).toString('latin1');
  if (head.startsWith('END')) return null;
  const m = VALUE_HEAD.exec(head);
  if (!m) throw new Error(`memcached-text: get failed: ${head.slice(0, 80)}`);
  const start = m[0].length;
  return { value: res.subarray(start, start + Number(m[2])), flags: Number(m[1]) };
}

export async function mcSet(
  port: number,
  key: string,
  value: string | Uint8Array,
  { flags = 0, ttl = 0 }: { flags?: number; ttl?: number } = {},
): Promise<void> {
  const v = typeof value === 'string' ? Buffer.from(value) : value;
  const req = Buffer.concat([Buffer.from(`set ${key} ${flags} ${ttl} ${v.length}\r\n`), v, Buffer.from('\r\n')]);
  const res = await exchange(port, req, oneLine);
  if (!res.toString().startsWith('STORED')) throw new Error(`memcached-text: set ${key} failed: ${res.toString().trim()}`);
}

export async function mcDelete(port: number, key: string): Promise<void> {
  await exchange(port, Buffer.from(`delete ${key}\r\n`), oneLine);
}

/** Keys starting with `prefix` (lru_crawler metadump; fine for a test instance). */
export async function mcKeys(port: number, prefix: string): Promise<string[]> {
  const b = await exchange(port, Buffer.from('lru_crawler metadump all\r\n'), (x) => endsWith(x, ['END\r\n', 'ERROR\r\n']));
  return [...b.toString('latin1').matchAll(/^key=(\S+)/gm)]
    .map((m) => decodeURIComponent(m[1] ?? ''))
    .filter((k) => k.startsWith(prefix));
}

/** One `stats` counter, e.g. `cmd_get`. */
export async function mcStat(port: number, name: string): Promise<number> {
  const b = await exchange(port, Buffer.from('stats\r\n'), (x) => endsWith(x, ['END\r\n']));
  const m = new RegExp(`^STAT ${name} (\\d+)\\r$`, 'm').exec(b.toString('latin1'));
  if (!m) throw new Error(`memcached-text: no stat ${name}`);
  return Number(m[1]);
}
