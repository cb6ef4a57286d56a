import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DecodeError, ERROR_CATALOGUE, IsauthError } from '../../../src/errors.js';

describe('error catalogue', () => {
  const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
  const documented = [...doc.matchAll(/^\| `([A-Z_]+)` \| ([^|]+) \|/gm)].map((m) => m[1]);

  it('documents every code, in catalogue order, and nothing else', () => {
    expect(documented).toEqual(Object.keys(ERROR_CATALOGUE));
  });

  it('decode errors carry code and offset in the message', () => {
    const e = new DecodeError('DECODE_SYNTAX', 17, 'expected ";"');
    expect(e).toBeInstanceOf(IsauthError);
    expect(e.code).toBe('DECODE_SYNTAX');
    expect(e.offset).toBe(17);
    expect(e.message).toBe('DECODE_SYNTAX at byte 17: expected ";"');
  });
});
