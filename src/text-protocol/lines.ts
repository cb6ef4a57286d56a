/**
 * The text protocol's framing: lines end in `\n` (a `\r` before it is dropped), tokens are
 * separated by any run of spaces and tabs. A line longer than the limit is never buffered whole:
 * the splitter reports it and stops.
 */

export type Line = string | typeof TOO_LONG;
export const TOO_LONG: unique symbol = Symbol('line too long');

export class LineSplitter {
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private failed = false;

  constructor(private readonly maxLine: number) {}

  /** The complete lines in `chunk` (after what came before), then TOO_LONG once if the limit was passed. */
  push(chunk: Buffer): Line[] {
    const out: Line[] = [];
    if (this.failed) return out;
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl < 0 ? chunk.length : nl;
      if (this.partialBytes + (end - start) > this.maxLine + 1) {
        // +1: room for a `\r` before the `\n`; checked exactly below.
        return this.fail(out);
      }
      if (nl < 0) {
        if (end > start) {
          this.partial.push(chunk.subarray(start, end));
          this.partialBytes += end - start;
        }
        return out;
      }
      const bytes = this.partial.length === 0 ? chunk.subarray(start, nl) : Buffer.concat([...this.partial, chunk.subarray(start, nl)]);
      this.partial = [];
      this.partialBytes = 0;
      const len = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
      if (len > this.maxLine) return this.fail(out);
      out.push(bytes.toString('utf8', 0, len));
      start = nl + 1;
    }
  }

  private fail(out: Line[]): Line[] {
    this.failed = true;
    this.partial = [];
    out.push(TOO_LONG);
    return out;
  }
}

/** The tokens of a line: separated by runs of spaces and tabs, none empty. */
export function tokens(line: string): string[] {
  return line.split(/[ \t]+/).filter((t) => t !== '');
}
