/**
 * One session file read as a settled snapshot (the rules: files-settle.ts), with synchronous
 * syscalls (local filesystems: files-mode.ts) or through libuv's thread pool (network ones). Both
 * readers make the same calls in the same order — fstat, read everything (one byte more than the
 * size, to notice growth), fstat, and only for a file changed in the last LOCKED_SETTLE_MS the
 * write locks and a third fstat — and give the same answers; the synchronous one never leaves the
 * event loop unless it must wait for a writer.
 */
import { fstatSync, readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { IsauthError } from '../errors.js';
import { answeredTimeout } from './breaker.js';
import { writeLockedInodes, writeLockedInodesSync } from './file-locks.js';
import { afterLocks, afterRead, cacheable, headAllows, identityOf, nowNs, RETRY_MS, same, snapshotOf, type Snapshot } from './files-settle.js';

export interface FileLimits {
  readonly maxAgeNs: bigint;
  readonly maxBytes: number;
}

/** A settled read: the bytes, and the file's identity when the read may be cached. */
export interface SettledRead {
  readonly bytes: Uint8Array;
  readonly identity: string | undefined;
}

/** One attempt: a settled read, no session (null), or read again after `wait` ms. */
type Attempt = SettledRead | null | { readonly wait: number };

function tooLarge(size: bigint, max: number): IsauthError {
  return new IsauthError('STORE_TOO_LARGE', `files: session of ${size} bytes exceeds ${max}`);
}

function settled(buf: Buffer, s: Snapshot, startNs: bigint, viaAge: boolean): SettledRead {
  return {
    bytes: new Uint8Array(buf.buffer, buf.byteOffset, Number(s.size)),
    // Only reads accepted because the file was last changed long ago qualify (files-settle.ts).
    identity: viaAge && cacheable(s, startNs) ? identityOf(s) : undefined,
  };
}

function attemptSync(fd: number, limits: FileLimits): Attempt {
  const startNs = nowNs();
  const before = snapshotOf(fstatSync(fd, { bigint: true }));
  if (!headAllows(before, startNs, limits.maxAgeNs)) return null;
  if (before.size > BigInt(limits.maxBytes)) throw tooLarge(before.size, limits.maxBytes);
  const buf = Buffer.allocUnsafe(Number(before.size) + 1);
  let got = 0;
  for (;;) {
    const n = readSync(fd, buf, got, buf.length - got, got);
    if (n === 0) break;
    got += n;
    if (got === buf.length) break;
  }
  const after = snapshotOf(fstatSync(fd, { bigint: true }));
  const next = afterRead(before, after, got, nowNs());
  if (next.kind === 'accept') return settled(buf, after, startNs, true);
  if (next.kind === 'wait') return { wait: next.ms };
  const verdict = afterLocks(writeLockedInodesSync(), after, next.ageMs);
  if (verdict === 'recheck') return same(after, snapshotOf(fstatSync(fd, { bigint: true }))) ? settled(buf, after, startNs, false) : { wait: RETRY_MS };
  return verdict === 'accept' ? settled(buf, after, startNs, false) : { wait: verdict };
}

async function attemptAsync(fh: FileHandle, limits: FileLimits): Promise<Attempt> {
  const startNs = nowNs();
  const before = snapshotOf(await fh.stat({ bigint: true }));
  if (!headAllows(before, startNs, limits.maxAgeNs)) return null;
  if (before.size > BigInt(limits.maxBytes)) throw tooLarge(before.size, limits.maxBytes);
  const buf = Buffer.allocUnsafe(Number(before.size) + 1);
  let got = 0;
  for (;;) {
    const { bytesRead } = await fh.read(buf, got, buf.length - got, got);
    if (bytesRead === 0) break;
    got += bytesRead;
    if (got === buf.length) break;
  }
  const after = snapshotOf(await fh.stat({ bigint: true }));
  const next = afterRead(before, after, got, nowNs());
  if (next.kind === 'accept') return settled(buf, after, startNs, true);
  if (next.kind === 'wait') return { wait: next.ms };
  const verdict = afterLocks(await writeLockedInodes(), after, next.ageMs);
  if (verdict === 'recheck') return same(after, snapshotOf(await fh.stat({ bigint: true }))) ? settled(buf, after, startNs, false) : { wait: RETRY_MS };
  return verdict === 'accept' ? settled(buf, after, startNs, false) : { wait: verdict };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits `ms` before the next attempt, or throws STORE_TIMEOUT when that passes the deadline. */
async function pause(ms: number, deadline: number): Promise<void> {
  if (Date.now() + ms >= deadline) {
    // The filesystem answered (a writer kept the file busy): not a hang for the circuit breaker.
    throw answeredTimeout(new IsauthError('STORE_TIMEOUT', 'files: the session file is being written (deadline passed)'));
  }
  await sleep(ms);
}

/** The settled content of the open file `fd`, by synchronous syscalls; null = no session. */
export async function readSettledSync(fd: number, limits: FileLimits, deadline: number): Promise<SettledRead | null> {
  for (;;) {
    const a = attemptSync(fd, limits);
    if (a === null || !('wait' in a)) return a;
    await pause(a.wait, deadline);
  }
}

/** The same through the thread pool. */
export async function readSettledAsync(fh: FileHandle, limits: FileLimits, deadline: number): Promise<SettledRead | null> {
  for (;;) {
    const a = await attemptAsync(fh, limits);
    if (a === null || !('wait' in a)) return a;
    await pause(a.wait, deadline);
  }
}
