/**
 * A client of isauth's text protocol (`--text-listen`) that talks like InspectorD's: one TCP
 * connection reused, raw writes (so tests control line ends, pipelining and hostile bytes), and
 * reads of whole `\r\n`-terminated answer lines.
 *
 *   const c = await TextClient.connect(port);
 *   c.write('isauth a b\r\n'); expect(await c.lines(2)).toEqual(['1', '0']);
 */
import { connect, type Socket } from 'node:net';

export class TextClient {
  private buf = '';
  private waiters: Array<() => void> = [];
  private ended = false;
  readonly closed: Promise<void>;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      this.buf += d;
      this.wake();
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.ended = true;
        this.wake();
        resolve();
      }),
    );
  }

  static connect(target: number | string, host = '127.0.0.1'): Promise<TextClient> {
    return new Promise((resolve, reject) => {
      const s = typeof target === 'number' ? connect(target, host) : connect(target);
      s.once('connect', () => resolve(new TextClient(s)));
      s.once('error', reject);
    });
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** Everything received and not yet taken by lines(). */
  get pending(): string {
    return this.buf;
  }

  get isClosed(): boolean {
    return this.ended;
  }

  /** The next `n` answer lines (without `\r\n`); rejects if one does not end in `\r\n` or the connection closes first. */
  async lines(n: number, timeoutMs = 10_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    const out: string[] = [];
    while (out.length < n) {
      const i = this.buf.indexOf('\n');
      if (i >= 0) {
        const raw = this.buf.slice(0, i + 1);
        this.buf = this.buf.slice(i + 1);
        if (!raw.endsWith('\r\n')) throw new Error(`answer line without \\r\\n: ${JSON.stringify(raw)}`);
        out.push(raw.slice(0, -2));
        continue;
      }
      if (this.ended) throw new Error(`connection closed after ${JSON.stringify(out)} (left: ${JSON.stringify(this.buf)})`);
      if (Date.now() > deadline) throw new Error(`timeout waiting for ${n} lines, got ${JSON.stringify(out)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return out;
  }

  /**
   * Take the next `n` answer lines without keeping them (a flood's answers): resolves with the
   * last one; an error says how many arrived, never what.
   */
  async skipLines(n: number, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let taken = 0;
    let last = '';
    let from = 0;
    while (taken < n) {
      const i = this.buf.indexOf('\n', from);
      if (i >= 0) {
        taken++;
        if (taken === n) last = this.buf.slice(from, i + 1);
        from = i + 1;
        continue;
      }
      this.buf = this.buf.slice(from);
      from = 0;
      if (this.ended) throw new Error(`connection closed after ${taken} of ${n} lines`);
      if (Date.now() > deadline) throw new Error(`timeout: ${taken} of ${n} lines`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    this.buf = this.buf.slice(from);
    if (!last.endsWith('\r\n')) throw new Error(`answer line without \\r\\n: ${JSON.stringify(last.slice(0, 80))}`);
    return last.slice(0, -2);
  }

  /** Send one line (CRLF) and read `n` answer lines. */
  async ask(line: string, n = 1): Promise<string[]> {
    this.write(`${line}\r\n`);
    return this.lines(n);
  }

  /** Resolves when the server has closed the connection (rejects after timeoutMs). */
  async waitClosed(timeoutMs = 10_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.closed,
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('connection still open')), timeoutMs))),
    ]).finally(() => clearTimeout(timer));
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** The TCP port of a `HOST:PORT` text-protocol address (Service.textAddress). */
export function portOf(address: string | undefined): number {
  const port = Number(/:([0-9]+)$/.exec(address ?? '')?.[1]);
  if (!Number.isInteger(port) || port <= 0) throw new Error(`no TCP port in ${String(address)}`);
  return port;
}
