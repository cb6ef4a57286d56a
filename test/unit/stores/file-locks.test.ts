import { describe, expect, it } from 'vitest';
import { parseLocks, writeLockedInodes } from '../../../src/stores/file-locks.js';

describe('parseLocks', () => {
  it('keeps WRITE holders (flock, POSIX, OFD), skips readers and waiters', () => {
    const text = [
      '1: FLOCK  ADVISORY  WRITE 21467 fe:01:1234567 0 EOF',
      '1: -> FLOCK  ADVISORY  WRITE 21468 fe:01:1234567 0 EOF',
      '2: POSIX  ADVISORY  READ 999 00:1a:42 0 EOF',
      '3: OFDLCK ADVISORY  WRITE -1 08:02:77 0 EOF',
      '4: -> FLOCK  ADVISORY  WRITE 5 08:02:88 0 EOF',
      'garbage',
      '',
    ].join('\n');
    expect(parseLocks(text)).toEqual(new Set([1234567n, 77n]));
  });
  it('an unreadable locks file gives undefined (callers fall back to timing)', async () => {
    expect(await writeLockedInodes('/nonexistent/locks')).toBeUndefined();
  });
  it('reads the real /proc/locks on Linux', async () => {
    if (process.platform !== 'linux') return;
    expect(await writeLockedInodes()).toBeInstanceOf(Set);
  });
});
