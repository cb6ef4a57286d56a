import { describe, expect, it } from 'vitest';
import { LineSplitter, TOO_LONG, tokens } from '../../../src/text-protocol/lines.js';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');

describe('LineSplitter', () => {
  it('splits on \\n, drops one \\r before it, keeps partial lines across chunks', () => {
    const s = new LineSplitter(100);
    expect(s.push(b('isauth a\r\nisauth b\nisa'))).toEqual(['isauth a', 'isauth b']);
    expect(s.push(b('uth c\r'))).toEqual([]);
    expect(s.push(b('\n\r\r\n'))).toEqual(['isauth c', '\r']);
  });

  it('accepts a line of exactly the limit (without its line end) and refuses one byte more, once', () => {
    const s = new LineSplitter(5);
    expect(s.push(b('12345\r\n12345\n'))).toEqual(['12345', '12345']);
    expect(s.push(b('123456\r\nmore\n'))).toEqual([TOO_LONG]);
    expect(s.push(b('after\n'))).toEqual([]);
  });

  it('stops buffering a line without newline as soon as it passes the limit', () => {
    const s = new LineSplitter(10);
    expect(s.push(b('x'.repeat(6)))).toEqual([]);
    expect(s.push(b('x'.repeat(6)))).toEqual([TOO_LONG]);
    const big = new LineSplitter(64);
    expect(big.push(Buffer.alloc(1 << 20, 0x41))).toEqual([TOO_LONG]);
  });

  it('decodes UTF-8 split across chunks', () => {
    const s = new LineSplitter(100);
    const zoe = Buffer.from('get a Zoë\n', 'utf8');
    expect(s.push(zoe.subarray(0, 8))).toEqual([]);
    expect(s.push(zoe.subarray(8))).toEqual(['get a Zoë']);
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
