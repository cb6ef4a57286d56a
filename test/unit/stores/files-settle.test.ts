/**
 * The files store's pure rules: when a settled read may be cached under the file's identity
 * (granule- and tick-aware: src/stores/files-settle.ts), and how the reader is chosen from statfs.
 */
import { describe, expect, it } from 'vitest';
import { chooseFilesIo } from '../../../src/stores/files-mode.js';
import { cacheable, granuleOf, IDENTITY_MARGIN_MS, identityOf, type Snapshot } from '../../../src/stores/files-settle.js';

const MS = 1_000_000n;
const snap = (ctimeNs: bigint, over: Partial<Snapshot> = {}): Snapshot => ({ dev: 1n, ino: 2n, size: 10n, mtimeNs: ctimeNs, ctimeNs, regular: true, ...over });

describe('granuleOf: the coarsest granularity a timestamp is consistent with', () => {
  it('nanosecond timestamps, whole seconds, FAT\'s 2 s', () => {
    expect(granuleOf(1_700_000_000_123_456_789n)).toBe(1n);
    expect(granuleOf(1_700_000_000_123_456_780n)).toBe(10n);
    expect(granuleOf(1_700_000_000_123_000_000n)).toBe(1_000_000n);
    expect(granuleOf(1_700_000_001_000_000_000n)).toBe(1_000_000_000n);
    expect(granuleOf(1_700_000_000_000_000_000n)).toBe(2_000_000_000n);
  });
});

describe('cacheable: only when the ctime was safely in the past when the read began', () => {
  const t = 1_700_000_000_123_456_789n;
  const margin = BigInt(IDENTITY_MARGIN_MS) * MS;
  it('a fine timestamp: needs the margin (the kernel tick) and no more', () => {
    expect(cacheable(snap(t), t + margin + 1n)).toBe(true);
    expect(cacheable(snap(t), t + margin)).toBe(false);
    expect(cacheable(snap(t), t)).toBe(false);
    expect(cacheable(snap(t), t - 1000n * MS)).toBe(false); // ctime in the future (clock skew)
  });
  it('a whole-second timestamp: a later write in the same second would carry the same ctime — wait out the second too', () => {
    const s = 1_700_000_001_000_000_000n;
    expect(cacheable(snap(s), s + margin + 500n * MS)).toBe(false);
    expect(cacheable(snap(s), s + 1_000_000_000n + margin)).toBe(true);
  });
});

describe('identityOf', () => {
  it('differs in every field that can tell a change', () => {
    const base = snap(5n);
    const ids = new Set([base, snap(5n, { dev: 9n }), snap(5n, { ino: 9n }), snap(5n, { size: 9n }), snap(5n, { mtimeNs: 9n }), snap(6n, { mtimeNs: 5n })].map(identityOf));
    expect(ids.size).toBe(6);
  });
});

describe('chooseFilesIo (statfs)', () => {
  it('a local filesystem reads synchronously, procfs (not known local) and a missing directory asynchronously', () => {
    const local = chooseFilesIo(process.cwd());
    expect(local.io, local.note).toBe('sync');
    expect(local.note).toMatch(/^files: synchronous reads/);
    const proc = chooseFilesIo('/proc');
    expect(proc.io).toBe('async');
    expect(proc.note).toMatch(/no decision cache: \/proc is on a filesystem not known to be local \(statfs type 0x9fa0\)/);
    const missing = chooseFilesIo('/nonexistent-isauth-dir');
    expect(missing).toEqual({ io: 'async', note: 'files: asynchronous reads (thread pool), no decision cache: statfs /nonexistent-isauth-dir failed (ENOENT)' });
  });
});
