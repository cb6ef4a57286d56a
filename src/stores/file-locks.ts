/**
 * Is somebody holding a write lock on a file? Node has no flock(), but Linux lists every lock in
 * /proc/locks: `1: FLOCK  ADVISORY  WRITE 1234 fd:01:5678901 0 EOF` (pid, major:minor in hex,
 * inode in decimal); waiters appear as `1: -> FLOCK …`. PHP's files handler holds
 * flock(LOCK_EX) on the session file from session_start() until the session is written and
 * closed, so "write-locked" means "a PHP request has this session open (and may be writing it)".
 *
 * Matching is by inode number only (overlay filesystems may report another device in stat() than
 * in /proc/locks); a rare collision only makes the files store more careful, never less.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

const LOCKS = '/proc/locks';
let unavailable = false;

/**
 * The inode numbers that have a WRITE lock (flock, POSIX or OFD) held right now, or undefined
 * when /proc/locks cannot be read (not Linux, no procfs): callers then fall back to timing.
 */
export async function writeLockedInodes(path = LOCKS): Promise<Set<bigint> | undefined> {
  if (unavailable && path === LOCKS) return undefined;
  let text: string;
  try {
    text = await readFile(path, 'latin1');
  } catch {
    if (path === LOCKS) unavailable = true;
    return undefined;
  }
  return parseLocks(text);
}

/** The same, read synchronously (procfs answers from memory: for the files store's sync path). */
export function writeLockedInodesSync(path = LOCKS): Set<bigint> | undefined {
  if (unavailable && path === LOCKS) return undefined;
  try {
    return parseLocks(readFileSync(path, 'latin1'));
  } catch {
    if (path === LOCKS) unavailable = true;
    return undefined;
  }
}

/** Parse /proc/locks text; exported for tests. */
export function parseLocks(text: string): Set<bigint> {
  const inodes = new Set<bigint>();
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields[1] === '->') continue; // a waiter, not a holder
    if (fields[3] !== 'WRITE') continue;
    const m = /^[0-9a-f]+:[0-9a-f]+:(\d+)$/i.exec(fields[5] ?? '');
    if (m?.[1]) inodes.add(BigInt(m[1]));
  }
  return inodes;
}
