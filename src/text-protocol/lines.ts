/**
 * The text protocol's framing: lines end in `\n` (a `\r` before it is dropped), tokens are
 * separated by any run of spaces and tabs. A line longer than the limit is never buffered whole:
 * the reader reports it and stops.
 *
 * Lines are taken ONE AT A TIME (`next()`), never all the lines of a received chunk at once: the
 * received bytes stay as they came (a queue of chunks with a read position, O(1) per line) and
 * each byte is scanned once, however small the chunks. The server bounds what it buffers by
 * `unscanned` (limits.ts) and answers in batches (server.ts).
 */

export type Line = string | typeof TOO_LONG;
export const TOO_LONG: unique symbol = Symbol('line too long');

export class LineReader {
  /** Received chunks; `chunks[head]` is read from `offset`. */
  private chunks: Buffer[] = [];
  private head = 0;
  private offset = 0;
  /** The start of the current line, already scanned (holds no `\n`). */
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private unscannedBytes = 0;
  private failed = false;

  constructor(private readonly maxLine: number) {}

  /** Keep a received chunk (nothing is scanned yet). Ignored after TOO_LONG. */
  push(chunk: Buffer): void {
    if (this.failed || chunk.length === 0) return;
    this.chunks.push(chunk);
    this.unscannedBytes += chunk.length;
  }

  /** Bytes received and not yet looked at (the start of a partial line is not counted). */
  get unscanned(): number {
    return this.unscannedBytes;
  }

  /**
   * The next complete line; TOO_LONG once when the limit is passed (then nothing more);
   * undefined when more bytes are needed.
   */
  next(): Line | undefined {
    if (this.failed) return undefined;
    while (this.head < this.chunks.length) {
      const chunk = this.chunks[this.head] as Buffer;
      const start = this.offset;
      const nl = chunk.indexOf(0x0a, start);
      const end = nl < 0 ? chunk.length : nl;
      // +1: room for a `\r` before the `\n`; checked exactly below.
      if (this.partialBytes + (end - start) > this.maxLine + 1) return this.fail();
      this.unscannedBytes -= (nl < 0 ? end : nl + 1) - start;
      if (nl < 0) {
        if (end > start) this.partial.push(start === 0 ? chunk : chunk.subarray(start));
        this.partialBytes += end - start;
        this.advance(chunk.length);
        continue;
      }
      const piece = chunk.subarray(start, nl);
      const bytes = this.partial.length === 0 ? piece : Buffer.concat([...this.partial, piece]);
      this.partial = [];
      this.partialBytes = 0;
      this.advance(nl + 1);
      const len = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
      if (len > this.maxLine) return this.fail();
      return bytes.toString('utf8', 0, len);
    }
    return undefined;
  }

  /** Forget everything (the connection is closing). */
  clear(): void {
    this.failed = true;
    this.chunks = [];
    this.head = 0;
    this.partial = [];
    this.unscannedBytes = 0;
  }

  /** Move the read position to `to` in the head chunk; drop chunks fully read. */
  private advance(to: number): void {
    const chunk = this.chunks[this.head] as Buffer;
    if (to < chunk.length) {
      this.offset = to;
      return;
    }
    this.offset = 0;
    this.head++;
    if (this.head === this.chunks.length) {
      this.chunks = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
  }

  private fail(): Line {
    this.clear();
    return TOO_LONG;
  }
}

/** The tokens of a line: separated by runs of spaces and tabs, none empty. */
export function tokens(line: string): string[] {
  return line.split(/[ \t]+/).filter((t) => t !== '');
}
