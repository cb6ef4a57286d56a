/**
 * Hostile requests, sent raw (so nothing normalises them) to nginx and straight to isauth while
 * the drill's load runs: traversal, CR/LF, NUL, 300+ characters, injection, duplicate cookies,
 * 64 KB headers, request smuggling, and slowloris connections. A hostile request may be refused
 * (4xx) but never answered 5xx, never with a logged-in variant, and must not disturb the load.
 */
import { connect, type Socket } from 'node:net';

export interface HostileResult {
  readonly sent: number;
  readonly fivexx: number;
  readonly wrong: number;
  readonly samples: readonly string[];
}

const ID = 'abcdefghijklmnopqrstuvwxyz';
const COOKIES = [
  'PHPSESSID=../../../../etc/passwd',
  'PHPSESSID=..%2F..%2F..%2Fetc%2Fpasswd',
  `PHPSESSID=${ID}\rX-Injected: 1`,
  `PHPSESSID=${ID}\0tail`,
  `PHPSESSID=${'a'.repeat(320)}`,
  `PHPSESSID=${'a'.repeat(5000)}`,
  'PHPSESSID=x%0d%0aget%20memc.sess.key.other',
  'PHPSESSID=x get y',
  "PHPSESSID=' OR 1=1--",
  'PHPSESSID=*',
  'PHPSESSID=%00',
  `PHPSESSID=${ID}; PHPSESSID=../x`,
  `PHPSESSID[]=${ID}`,
];

/** One raw request; resolves with the response head+body (or '' when the peer closed first). */
function send(port: number, text: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const s = connect(port, '127.0.0.1', () => s.write(text));
    s.setTimeout(5000, () => s.destroy());
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    s.on('error', () => undefined);
  });
}

function requests(path: string): string[] {
  const head = (extra: string) => `GET ${path} HTTP/1.1\r\nHost: bench.local\r\nConnection: close\r\n${extra}\r\n`;
  const out = COOKIES.map((c) => head(`Cookie: ${c}\r\n`));
  out.push(head(`Cookie: PHPSESSID=${ID}\r\nCookie: PHPSESSID=../x\r\n`));
  out.push(head(`Cookie: ${'k=v; '.repeat(13_000)}PHPSESSID=${ID}\r\n`)); // 64 KB
  out.push(head(Array.from({ length: 8 }, (_, i) => `Cookie: c${i}=${'x'.repeat(7000)}\r\n`).join('')));
  out.push(head(`X-Session-Id: ../../etc/passwd\r\nX-Request-Id: a\rb\r\n`));
  // Smuggling: both lengths, and a second request hidden in the body.
  out.push(`GET ${path} HTTP/1.1\r\nHost: bench.local\r\nContent-Length: 44\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /auth HTTP/1.1\r\nCookie: PHPSESSID=${ID}\r\n\r\n`);
  out.push(`GET ${path} HTTP/1.1\r\nHost: bench.local\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n`);
  return out;
}

/** Judge one response: 5xx, or a logged-in variant, is a failure. */
function judge(resp: string, r: { fivexx: number; wrong: number; samples: string[] }, what: string): void {
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(resp)?.[1] ?? 0);
  if (status >= 500) {
    r.fivexx++;
    if (r.samples.length < 5) r.samples.push(`${what}: ${status}`);
  }
  const variant = /x-cache-variant: (\S+)/i.exec(resp)?.[1];
  const body = /isauth-bench variant=(\w+)|data-variant="(\w+)"/.exec(resp);
  if (variant === 'auth' || body?.[1] === 'auth' || body?.[2] === 'auth') {
    r.wrong++;
    if (r.samples.length < 5) r.samples.push(`${what}: logged-in variant`);
  }
}

/** Slowloris: `n` connections sending a header byte now and then, held `ms`. */
async function slowloris(port: number, n: number, ms: number): Promise<void> {
  const socks: Socket[] = [];
  for (let i = 0; i < n; i++) {
    const s = connect(port, '127.0.0.1', () => s.write('GET /auth HTTP/1.1\r\nHost: x\r\n'));
    s.on('error', () => undefined);
    socks.push(s);
  }
  const drip = setInterval(() => {
    for (const s of socks) if (s.writable) s.write('X-a: b\r\n');
  }, 1000);
  await new Promise((r) => setTimeout(r, ms));
  clearInterval(drip);
  for (const s of socks) s.destroy();
}

export async function hostileRound(nginxPort: number, isauthPort: number, holdMs: number): Promise<HostileResult> {
  const r = { fivexx: 0, wrong: 0, samples: [] as string[] };
  let sent = 0;
  const lorises = Promise.all([slowloris(nginxPort, 100, holdMs), slowloris(isauthPort, 100, holdMs)]);
  for (const [port, path, where] of [[nginxPort, '/article/1', 'nginx'], [isauthPort, '/auth', 'isauth']] as const) {
    for (const [i, text] of requests(path).entries()) {
      judge(await send(port, text), r, `${where} #${i}`);
      sent++;
    }
  }
  await lorises;
  return { sent, ...r };
}
