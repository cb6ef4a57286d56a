/**
 * One pipelined connection to one memcached server over the text protocol (`get`, `version`),
 * which every memcached since 1.2 speaks. Requests issued in one event-loop turn go out in one
 * write, and are answered in order.
 *
 * Failure rules, so a page request is never held longer than its deadline:
 * - each request carries a deadline; when the oldest unanswered one passes it, the connection is
 *   presumed hung: every pending request fails with STORE_TIMEOUT and the socket is destroyed
 *   (answers still on the way could no longer be matched to their requests);
 * - a refused or broken connection fails every pending request with STORE_UNAVAILABLE, and for
 *   RETRY_MS afterwards new requests fail at once instead of reconnecting on every page;
 * - the next request after that connects again, so the store recovers by itself;
 * - at most MAX_PENDING requests wait for answers on a connection: beyond, a request fails at once
 *   (STORE_UNAVAILABLE → `bypass`), so a hung server under full load holds bounded memory even
 *   with a long deadline.
 * Keys must be valid memcached keys (checked by the caller: no spaces or control bytes).
 */
import { connect, type Socket } from 'node:net';
import { IsauthError } from '../errors.js';
import type { StoredValue } from './types.js';

interface Pending {
  readonly kind: 'get' | 'version';
  readonly deadline: number;
  resolve(v: StoredValue | string | null): void;
  reject(e: IsauthError): void;
}

const CRLF = 0x0a; // lines end in \r\n: find the \n
const END = Buffer.from('END\r\n');
const RETRY_MS = 100;
/** Requests waiting for an answer on one connection; beyond, fail fast. */
export const MAX_PENDING = 1000;

export class MemcachedConnection {
  private socket: Socket | null = null;
  private pending: Pending[] = [];
  private head = 0;
  private buf: Buffer = Buffer.alloc(0);
  private timer: NodeJS.Timeout | null = null;
  private timerAt = 0;
  private downUntil = 0;
  private out: string[] = [];
  /** Bytes of a refused (oversized) value still to come: discarded as they arrive, never kept. */
  private skip = 0;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly maxBytes: number,
  ) {}

  get(key: string, timeoutMs: number): Promise<StoredValue | null> {
    return this.send('get', `get ${key}\r\n`, timeoutMs) as Promise<StoredValue | null>;
  }

  version(timeoutMs: number): Promise<string> {
    return this.send('version', 'version\r\n', timeoutMs) as Promise<string>;
  }

  close(): void {
    this.fail(new IsauthError('STORE_UNAVAILABLE', 'memcached: store is closed'));
  }

  private send(kind: Pending['kind'], line: string, timeoutMs: number): Promise<StoredValue | string | null> {
    if (Date.now() < this.downUntil) {
      return Promise.reject(new IsauthError('STORE_UNAVAILABLE', `memcached ${this.host}:${this.port}: down, retrying shortly`));
    }
    if (this.pending.length - this.head >= MAX_PENDING) {
      return Promise.reject(new IsauthError('STORE_UNAVAILABLE', `memcached ${this.host}:${this.port}: ${MAX_PENDING} requests unanswered; failing fast`));
    }
    return new Promise((resolve, reject) => {
      const deadline = performance.now() + timeoutMs;
      this.pending.push({ kind, deadline, resolve, reject });
      if (this.out.length === 0) setImmediate(() => this.flush());
      this.out.push(line);
      if (this.timer === null || deadline < this.timerAt) this.arm(deadline);
    });
  }

  /**
   * Write everything requested during this turn of the event loop at once: the pages nginx sent
   * on several connections and read in one poll cost one write syscall, not one each.
   */
  private flush(): void {
    if (this.out.length === 0) return;
    const text = this.out.length === 1 ? this.out[0]! : this.out.join('');
    this.out = [];
    (this.socket ?? this.open()).write(text);
  }

  private open(): Socket {
    // port 0: a unix socket whose path is `host` (see url-memcached.ts).
    const where = this.port === 0 ? { path: this.host } : { host: this.host, port: this.port };
    const s = connect({ ...where, noDelay: true, keepAlive: true, keepAliveInitialDelay: 30_000 });
    s.on('data', (chunk: Buffer) => this.onData(chunk));
    s.on('error', (err) => {
      this.downUntil = Date.now() + RETRY_MS;
      this.fail(new IsauthError('STORE_UNAVAILABLE', `memcached ${this.host}:${this.port}: ${(err as NodeJS.ErrnoException).code ?? err.message}`));
    });
    s.on('close', () => {
      if (this.socket === s) this.fail(new IsauthError('STORE_UNAVAILABLE', `memcached ${this.host}:${this.port}: connection closed`));
    });
    this.socket = s;
    return s;
  }

  /** Reject everything pending and drop the socket. */
  private fail(err: IsauthError): void {
    const s = this.socket;
    this.socket = null;
    s?.destroy();
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const waiting = this.pending;
    const from = this.head;
    this.pending = [];
    this.head = 0;
    this.buf = Buffer.alloc(0);
    this.out = [];
    this.skip = 0;
    for (let i = from; i < waiting.length; i++) waiting[i]!.reject(err);
  }

  /** One timer per connection, set for the earliest deadline (not one timer per request). */
  private arm(deadline: number): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timerAt = deadline;
    this.timer = setTimeout(() => this.checkDeadline(), Math.max(1, Math.ceil(deadline - performance.now())));
  }

  /**
   * Answers come in order, so once any pending request is past its deadline, it and everything
   * queued before it are stuck: the connection is presumed hung.
   */
  private checkDeadline(): void {
    this.timer = null;
    let earliest = Infinity;
    for (let i = this.head; i < this.pending.length; i++) earliest = Math.min(earliest, this.pending[i]!.deadline);
    if (earliest === Infinity) return;
    if (earliest <= performance.now()) {
      this.fail(new IsauthError('STORE_TIMEOUT', `memcached ${this.host}:${this.port}: no answer within the deadline`));
      return;
    }
    this.arm(earliest);
  }

  private onData(chunk: Buffer): void {
    if (this.skip > 0) {
      const n = Math.min(this.skip, chunk.length);
      this.skip -= n;
      if (n === chunk.length) return;
      chunk = chunk.subarray(n);
    }
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    let pos = 0;
    const buf = this.buf;
    while (this.head < this.pending.length) {
      const used = this.parseOne(buf, pos, this.pending[this.head]!);
      if (used === 0) break; // incomplete: wait for more bytes
      if (used < 0) return; // protocol error: connection failed, state reset
      pos += used;
      this.head++;
    }
    if (this.head === this.pending.length) {
      this.pending = [];
      this.head = 0;
    } else if (this.head > 1024) {
      this.pending = this.pending.slice(this.head);
      this.head = 0;
    }
    this.buf = pos >= buf.length ? Buffer.alloc(0) : buf.subarray(pos);
  }

  /** Bytes used by one complete answer at `pos`, 0 when incomplete, -1 after a fatal error. */
  private parseOne(buf: Buffer, pos: number, p: Pending): number {
    const nl = buf.indexOf(CRLF, pos);
    if (nl < 0) return 0;
    const line = buf.toString('latin1', pos, Math.max(pos, nl - 1));
    const lineLen = nl + 1 - pos;
    if (p.kind === 'version') {
      if (line.startsWith('VERSION ')) p.resolve(line.slice(8));
      else p.reject(new IsauthError('STORE_PROTOCOL', `memcached: unexpected answer to version`));
      return lineLen;
    }
    if (line === 'END') {
      p.resolve(null);
      return lineLen;
    }
    const m = /^VALUE \S+ (\d+) (\d+)$/.exec(line);
    if (m === null) {
      const e = new IsauthError('STORE_PROTOCOL', `memcached: unexpected answer "${line.slice(0, 40)}"`);
      if (/^(SERVER_ERROR|CLIENT_ERROR|ERROR)/.test(line)) {
        p.reject(e);
        return lineLen;
      }
      this.fail(e); // out of step with the server: nothing after this can be trusted
      return -1;
    }
    const size = Number(m[2]);
    const start = nl + 1;
    const total = lineLen + size + 2 + END.length;
    if (size > this.maxBytes) {
      // Refused by the announced size: answer now, and skip the bytes without buffering them,
      // so one huge session neither holds memory nor delays the answers queued behind it.
      p.reject(new IsauthError('STORE_TOO_LARGE', `memcached: session of ${size} bytes exceeds ${this.maxBytes}`));
      const have = buf.length - pos;
      if (have >= total) return total;
      this.skip = total - have;
      return have;
    }
    if (buf.length - pos < total) return 0;
    if (buf[start + size] !== 0x0d || !buf.subarray(start + size + 2, start + size + 2 + END.length).equals(END)) {
      this.fail(new IsauthError('STORE_PROTOCOL', 'memcached: malformed value framing'));
      return -1;
    }
    p.resolve({ bytes: buf.subarray(start, start + size), flags: Number(m[1]) });
    return total;
  }
}
