/**
 * The cached pages every setup serves: one per (variant, page path), written once before the
 * runs under the shipped key scheme `isauth:page:<variant>:<host><uri>` (docs/nginx.md), raw and
 * uncompressed (memcached text protocol, flags 0), all the same size. Each body carries a
 * variant marker the load checks on every response.
 */
import { createConnection } from 'node:net';
import { PAGE_COUNT, type Variant } from './sessions.js';

/** The Host header every request sends (nginx's $host in the key). */
export const BENCH_HOST = 'bench.local';
export const PAGE_BYTES = 8192;
export const VARIANTS: readonly Variant[] = ['auth', 'anon'];

export function marker(variant: string): string {
  return `<!-- isauth-bench variant=${variant} -->`;
}

export function pageKey(variant: Variant, path: string): string {
  return `isauth:page:${variant}:${BENCH_HOST}${path}`;
}

export function pageBody(variant: Variant, path: string): Buffer {
  const head = `<!doctype html><html><head><title>${path}</title></head><body>${marker(variant)}<main>`;
  const tail = '</main></body></html>\n';
  const filler = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(200);
  return Buffer.from(head + filler.slice(0, PAGE_BYTES - head.length - tail.length) + tail);
}

/** `set` every page; resolves when memcached answered STORED to each. */
export function writePages(port: number): Promise<number> {
  const items: Buffer[] = [];
  for (const v of VARIANTS) {
    for (let i = 0; i < PAGE_COUNT; i++) {
      const path = `/article/${i}`;
      const body = pageBody(v, path);
      items.push(Buffer.concat([Buffer.from(`set ${pageKey(v, path)} 0 0 ${body.length}\r\n`), body, Buffer.from('\r\n')]));
    }
  }
  return new Promise((resolve, reject) => {
    const sock = createConnection({ host: '127.0.0.1', port });
    let answers = '';
    sock.setEncoding('latin1');
    sock.on('data', (d: string) => {
      answers += d;
      const lines = answers.split('\r\n').filter((l) => l !== '');
      if (lines.some((l) => l !== 'STORED')) {
        sock.destroy();
        reject(new Error(`memcached: ${answers.slice(0, 200)}`));
      } else if (lines.length === items.length) {
        sock.end();
        resolve(items.length);
      }
    });
    sock.on('error', reject);
    sock.write(Buffer.concat(items));
  });
}
