/**
 * The rules that decide whether one read of a session file is a settled snapshot (the strategy is
 * explained in src/stores/files.ts), as pure functions shared by the synchronous and the
 * asynchronous reader (files-read.ts), and the file IDENTITY under which a settled read may be
 * cached (src/decision-cache/).
 *
 * Identity and timestamp granularity. A write to a file stamps its ctime from the kernel's coarse
 * clock (one tick: 1–10 ms) truncated to the filesystem's granularity (1 ns on ext4/xfs/btrfs/
 * tmpfs, 1 s on ext3-sized inodes, 2 s on FAT). Two in-place rewrites of equal size within one
 * granule therefore leave identical stat results: (dev, ino, size, mtime, ctime) alone does not
 * prove the bytes unchanged. It does when the ctime was already safely in the past when the read
 * began: every later write (or a new inode reusing the number) is stamped at least
 * `start − tick − granule`, which then lies after the old ctime. So a read is cacheable only when
 * ctime + granule + IDENTITY_MARGIN_MS ≤ the clock read before the first fstat, with the granule
 * bounded from the ctime itself (the largest power of ten of nanoseconds — or 2 s — that divides
 * it: a 1-second filesystem always shows at least that; a fine one almost never does, which only
 * makes the rule more careful). The margin covers the kernel tick. Only reads accepted by the
 * "last changed over LOCKED_SETTLE_MS ago" rule qualify at all (not those settled by the lock
 * check), so in practice a file is cacheable from ~100 ms after its last change. A read that does
 * not qualify is still answered, it is just never cached. A system clock stepped backwards could in principle
 * stamp a later write with exactly the old ctime; isauth does not guard against that (nor does
 * PHP's own gc, which trusts mtime).
 */
import type { BigIntStats } from 'node:fs';

export const SETTLE_MS = 15;
export const LOCKED_SETTLE_MS = 100;
export const RETRY_MS = 3;
/** Covers the kernel's coarse-clock tick (HZ ≥ 100 → ≤ 10 ms) with room to spare. */
export const IDENTITY_MARGIN_MS = 50;

export interface Snapshot {
  readonly dev: bigint;
  readonly ino: bigint;
  readonly size: bigint;
  readonly mtimeNs: bigint;
  readonly ctimeNs: bigint;
  readonly regular: boolean;
}

export const snapshotOf = (st: BigIntStats): Snapshot => ({
  dev: st.dev,
  ino: st.ino,
  size: st.size,
  mtimeNs: st.mtimeNs,
  ctimeNs: st.ctimeNs,
  regular: st.isFile(),
});

export const same = (a: Snapshot, b: Snapshot): boolean =>
  a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs && a.ino === b.ino && a.dev === b.dev;

export const nowNs = (): bigint => BigInt(Date.now()) * 1_000_000n;

/** The identity string of a file state: equal strings ⇒ the same inode, unchanged (see above). */
export const identityOf = (s: Pick<Snapshot, 'dev' | 'ino' | 'size' | 'mtimeNs' | 'ctimeNs'>): string =>
  `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;

const GRANULES = [1_000_000_000n, 100_000_000n, 10_000_000n, 1_000_000n, 100_000n, 10_000n, 1_000n, 100n, 10n];

/** The coarsest timestamp granularity `t` is consistent with (an upper bound of the real one). */
export function granuleOf(t: bigint): bigint {
  if (t % 2_000_000_000n === 0n) return 2_000_000_000n; // FAT
  for (const g of GRANULES) if (t % g === 0n) return g;
  return 1n;
}

/** May a settled read of `s`, begun at `startNs` (the clock before the first fstat), be cached? */
export function cacheable(s: Snapshot, startNs: bigint): boolean {
  return s.ctimeNs + granuleOf(s.ctimeNs) + BigInt(IDENTITY_MARGIN_MS) * 1_000_000n <= startNs;
}

/** What the first fstat says: read on, or there is no session (not a regular file, expired). */
export function headAllows(before: Snapshot, now: bigint, maxAgeNs: bigint): boolean {
  return before.regular && now - before.mtimeNs <= maxAgeNs;
}

/** After fstat → read → fstat: accept, ask /proc/locks, or read again after `wait` ms. */
export type AfterRead = { readonly kind: 'accept' } | { readonly kind: 'locks'; readonly ageMs: number } | { readonly kind: 'wait'; readonly ms: number };

const ACCEPT: AfterRead = Object.freeze({ kind: 'accept' });
const RETRY: AfterRead = Object.freeze({ kind: 'wait', ms: RETRY_MS });

export function afterRead(before: Snapshot, after: Snapshot, got: number, now: bigint): AfterRead {
  if (!same(before, after) || got !== Number(after.size)) return RETRY;
  const ageMs = Number(now - after.ctimeNs) / 1e6;
  // The usual case: a non-empty file last changed long ago. Whether or not a request holds its
  // lock now, this consistent read is the last complete write (the locked rule accepts exactly
  // this) — no need to read /proc/locks on every page. A ctime far in the future (clock skew)
  // does not wait either.
  if (after.size > 0n && (ageMs >= LOCKED_SETTLE_MS || ageMs < -1000)) return ACCEPT;
  return { kind: 'locks', ageMs };
}

/**
 * With the write locks held now (undefined: /proc/locks unreadable): accept, accept after a third
 * fstat still agrees ('recheck'), or the milliseconds to wait before reading again.
 */
export function afterLocks(locked: ReadonlySet<bigint> | undefined, after: Snapshot, ageMs: number): 'accept' | 'recheck' | number {
  if (locked === undefined) {
    // No lock information: timing only.
    if (ageMs >= SETTLE_MS || ageMs < -1000) return 'accept';
    return Math.max(RETRY_MS, Math.ceil(SETTLE_MS - ageMs));
  }
  // Unlocked now: a writer that finished between the second fstat and the lock check would have
  // changed size or ctime — one more fstat rules that out. Locked: a request has the session open
  // and changed it within LOCKED_SETTLE_MS (else afterRead accepted): it may be writing — wait.
  return locked.has(after.ino) ? RETRY_MS : 'recheck';
}
