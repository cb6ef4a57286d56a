/**
 * Compression bombs for the value codec contract: `size` zero bytes as a zlib stream (RFC 1950,
 * what compress2() writes), made by streaming so the test never holds them inflated. 1 GiB gives
 * about 4.5 MB. Cached per size.
 */
import { createDeflate } from 'node:zlib';

const made = new Map<number, Promise<Buffer>>();

export function zlibZeros(size: number): Promise<Buffer> {
  let p = made.get(size);
  if (p === undefined) {
    p = (async () => {
      const d = createDeflate({ level: 1 });
      const out: Buffer[] = [];
      d.on('data', (c: Buffer) => out.push(c));
      const chunk = Buffer.alloc(Math.min(size, 16 << 20));
      for (let n = 0; n < size; n += chunk.length) {
        const part = n + chunk.length <= size ? chunk : chunk.subarray(0, size - n);
        if (!d.write(part)) await new Promise((r) => d.once('drain', r));
      }
      d.end();
      await new Promise((r) => d.once('end', r));
      return Buffer.concat(out);
    })();
    made.set(size, p);
  }
  return p;
}

/** php-memcached's compressed layout: the announced length (uint32 little-endian), then the block. */
export function withLength(announced: number, block: Uint8Array): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32LE(announced);
  return Buffer.concat([head, block]);
}
