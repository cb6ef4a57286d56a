import { describe, expect, it } from 'vitest';
import { LineReader, TOO_LONG, tokens, type Line } from '../../../src/text-protocol/lines.js';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');

/** Push `chunk`, then take every complete line. */
function take(r: LineReader, chunk: Buffer): Line[] {
  r.push(chunk);
  const out: Line[] = [];
  for (let l = r.next(); l !== undefined; l = r.next()) out.push(l);
  return out;
}

describe('LineReader', () => {
  it('splits on \\n, drops one \\r before it, keeps partial lines across chunks', () => {
    const r = new LineReader(100);
    expect(take(r, b('isauth a\r\nisauth b\nisa'))).toEqual(['isauth a', 'isauth b']);
    expect(take(r, b('uth c\r'))).toEqual([]);
    expect(take(r, b('\n\r\r\n'))).toEqual(['isauth c', '\r']);
  });

  it('takes one line at a time: the rest of a chunk stays buffered and counted as unscanned', () => {
    const r = new LineReader(100);
    r.push(b('a\nbb\n\nccc'));
    expect(r.unscanned).toBe(9);
    expect(r.next()).toBe('a');
    expect(r.unscanned).toBe(7);
    expect(r.next()).toBe('bb');
    expect(r.next()).toBe('');
    expect(r.unscanned).toBe(3);
    expect(r.next()).toBeUndefined();
    expect(r.unscanned).toBe(0); // 'ccc' is a partial line now, not unscanned
    r.push(b('\n'));
    expect(r.next()).toBe('ccc');
    expect(r.next()).toBeUndefined();
  });

  it('a megabyte of newlines is a million lines, taken one by one', () => {
    const r = new LineReader(100);
    r.push(Buffer.alloc(1 << 20, 0x0a));
    let n = 0;
    while (r.next() !== undefined) n++;
    expect(n).toBe(1 << 20);
    expect(r.unscanned).toBe(0);
  });

  it('many one-byte chunks: each byte scanned once, lines joined across chunks', () => {
    const r = new LineReader(10_000);
    const text = `${'x'.repeat(5000)}\n${'y'.repeat(3)}\n`;
    const out: Line[] = [];
    for (const byte of Buffer.from(text)) out.push(...take(r, Buffer.from([byte])));
    expect(out).toEqual(['x'.repeat(5000), 'yyy']);
  });

  it('accepts a line of exactly the limit (without its line end) and refuses one byte more, once', () => {
    const r = new LineReader(5);
    expect(take(r, b('12345\r\n12345\n'))).toEqual(['12345', '12345']);
    expect(take(r, b('123456\r\nmore\n'))).toEqual([TOO_LONG]);
    expect(take(r, b('after\n'))).toEqual([]);
    expect(r.unscanned).toBe(0);
  });

  it('stops buffering a line without newline as soon as it passes the limit', () => {
    const r = new LineReader(10);
    expect(take(r, b('x'.repeat(6)))).toEqual([]);
    expect(take(r, b('x'.repeat(6)))).toEqual([TOO_LONG]);
    const big = new LineReader(64);
    expect(take(big, Buffer.alloc(1 << 20, 0x41))).toEqual([TOO_LONG]);
  });

  it('decodes UTF-8 split across chunks', () => {
    const r = new LineReader(100);
    const zoe = Buffer.from('get a Zoë\n', 'utf8');
    expect(take(r, zoe.subarray(0, 8))).toEqual([]);
    expect(take(r, zoe.subarray(8))).toEqual(['get a Zoë']);
  });

  it('clear() forgets everything', () => {
    const r = new LineReader(100);
    r.push(b('a\nb\n'));
    r.clear();
    expect(r.next()).toBeUndefined();
    expect(r.unscanned).toBe(0);
  });
});

describe('tokens', () => {
  it('splits on runs of spaces and tabs, never yields empty tokens', () => {
    expect(tokens('  isauth\t a  \t\tb ')).toEqual(['isauth', 'a', 'b']);
    expect(tokens('')).toEqual([]);
    expect(tokens(' \t ')).toEqual([]);
    expect(tokens('a\0b c')).toEqual(['a\0b', 'c']);
  });
});
