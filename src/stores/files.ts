/**
 * Sessions written by PHP's `files` handler — `<dir>/<c1>/…/<cN>/sess_<id>` — or a framework's file
 * driver (Laravel: `<dir>/<id>`). The file name is the key the store-key stage built; N = depth
 * directory levels are the first N characters of `placeBy` (the id), and an id of N characters or
 * fewer has no file, as in PHP's ps_files_path_create.
 *
 * Reading never changes anything: the file is opened O_RDONLY | O_NOFOLLOW (PHP also refuses a
 * symlinked session file) | O_NONBLOCK (a FIFO cannot block us) — never O_CREAT. Not a regular
 * file, ENOENT, ENOTDIR, ELOOP, ENAMETOOLONG → null. An mtime older than maxAgeSeconds → null
 * (PHP's own read never checks age; its GC deletes such files only now and then).
 *
 * Concurrency. PHP holds flock(LOCK_EX) on the file from session_start() until the session is
 * written and closed, and rewrites in place: ftruncate(0), then pwrite at 0 — no rename. So a
 * reader can see an empty or a half-written file. Node has no flock (and waiting for a lock held
 * for a whole PHP request would be too slow anyway); a read is accepted only as a settled snapshot:
 *   1. fstat → read everything → fstat: the stats agree (size, mtime, ctime, ino) and the bytes
 *      read equal the size; else read again after RETRY_MS.
 *   2. Non-empty and last changed (ctime) more than LOCKED_SETTLE_MS ago → accept: no write can
 *      be under way (a write shows as an empty file or a fresh ctime). The usual case; nothing more
 *      is read. Otherwise: is a write lock held on the file (file-locks.ts, /proc/locks)?
 *      - no: no PHP request has it open, so no write is under way → accept at once, after a third
 *        fstat still agrees (the usual case: no extra latency);
 *      - yes: a request has the session open. Its content is the last complete write unless
 *        that request is writing right now, which shows as an empty file or a change (ctime)
 *        younger than LOCKED_SETTLE_MS → accept when non-empty and older, else poll again;
 *      - /proc/locks unreadable (not Linux): accept when the last change is older than SETTLE_MS.
 *   Until the deadline (then STORE_TIMEOUT). Cost: only sessions in the middle of being written,
 *   or an empty session held open by a running request (a brand-new session), wait; the latter
 *   ends in STORE_TIMEOUT (the caller bypasses) rather than a guessed "empty".
 * Measured with real PHP rewriting a session under CPU load: a naive read sees torn or empty files
 * (PHP can be descheduled for > 15 ms between ftruncate and pwrite — pure timing rules fail); this
 * strategy saw none (test/integration/stores/files-specific.test.ts).
 */
import { constants } from 'node:fs';
import { access, open, stat, type FileHandle } from 'node:fs/promises';
import { IsauthError } from '../errors.js';
import { answeredTimeout } from './breaker.js';
import { writeLockedInodes } from './file-locks.js';
import { heldWork } from './deadline.js';
import { isSafeFileName } from './key-safety.js';
import type { SessionStore, StoredValue, StoreOptions, StoreSpec } from './types.js';

type FilesSpec = Extract<StoreSpec, { kind: 'files' }>;

export const SETTLE_MS = 15;
export const LOCKED_SETTLE_MS = 100;
const RETRY_MS = 3;
const ABSENT = new Set(['ENOENT', 'ENOTDIR', 'ELOOP', 'ENAMETOOLONG', 'EISDIR']);
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
/**
 * Reads still running (past their deadline too): a hung filesystem (NFS, FUSE) blocks the thread
 * pool, and reads queued behind it would pile up at page rate; beyond this they fail at once.
 */
export const MAX_HELD = 64;

/** One directory level: a character PHP's ids use (never `.` or `/`). */
const LEVEL = /^[A-Za-z0-9,_-]$/;

/** The path of file `key` with this save_path, or undefined when the writer has no file for it. */
export function sessionPath(spec: FilesSpec, key: string, placeBy: string): string | undefined {
  if (!isSafeFileName(key) || placeBy.length <= spec.depth) return undefined;
  let path = spec.dir === '/' ? '' : spec.dir;
  for (let i = 0; i < spec.depth; i++) {
    const c = placeBy[i] ?? '';
    if (!LEVEL.test(c)) return undefined;
    path += `/${c}`;
  }
  return `${path}/${key}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Snapshot {
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  ino: bigint;
}

async function snapshot(fh: FileHandle): Promise<Snapshot & { regular: boolean }> {
  const st = await fh.stat({ bigint: true });
  return { size: st.size, mtimeNs: st.mtimeNs, ctimeNs: st.ctimeNs, ino: st.ino, regular: st.isFile() };
}

const same = (a: Snapshot, b: Snapshot): boolean =>
  a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs && a.ino === b.ino;

function ioError(err: unknown): IsauthError {
  const code = (err as { code?: string }).code ?? 'error';
  return new IsauthError('STORE_UNAVAILABLE', `files: cannot read the session file (${code})`, { cause: err });
}

export function createFilesStore(spec: FilesSpec, opts: StoreOptions): SessionStore {
  let closed = false;
  const held = heldWork('files', MAX_HELD);
  const maxAgeNs = BigInt(Math.round(opts.maxAgeSeconds * 1000)) * 1_000_000n;

  /** The settled-snapshot loop described above; `deadline` is a Date.now() value. */
  async function readSettled(fh: FileHandle, deadline: number): Promise<Uint8Array | null> {
    for (;;) {
      const before = await snapshot(fh);
      if (!before.regular) return null;
      const nowNs = BigInt(Date.now()) * 1_000_000n;
      if (nowNs - before.mtimeNs > maxAgeNs) return null;
      if (before.size > BigInt(opts.maxBytes)) {
        throw new IsauthError('STORE_TOO_LARGE', `files: session of ${before.size} bytes exceeds ${opts.maxBytes}`);
      }
      const size = Number(before.size);
      // Read one byte more than expected, to notice growth.
      const buf = Buffer.allocUnsafe(size + 1);
      let got = 0;
      for (;;) {
        const { bytesRead } = await fh.read(buf, got, buf.length - got, got);
        if (bytesRead === 0) break;
        got += bytesRead;
        if (got === buf.length) break;
      }
      const after = await snapshot(fh);
      let wait = RETRY_MS;
      if (same(before, after) && got === size) {
        const ageMs = Number(BigInt(Date.now()) * 1_000_000n - after.ctimeNs) / 1e6;
        const bytes = new Uint8Array(buf.buffer, buf.byteOffset, size);
        // The usual case: a non-empty file last changed long ago. Whether or not a request holds
        // its lock now, this consistent read is the last complete write (the locked rule below
        // accepts exactly this) — no need to read /proc/locks on every page.
        if (size > 0 && (ageMs >= LOCKED_SETTLE_MS || ageMs < -1000)) return bytes;
        const locked = await writeLockedInodes();
        if (locked === undefined) {
          // No lock information: timing only. A ctime far in the future (clock skew) does not wait.
          if (ageMs >= SETTLE_MS || ageMs < -1000) return bytes;
          wait = Math.max(RETRY_MS, Math.ceil(SETTLE_MS - ageMs));
        } else if (!locked.has(after.ino)) {
          // Unlocked now. A writer that finished between the second fstat and the lock check
          // would have changed size or ctime: one more fstat rules that out.
          if (same(after, await snapshot(fh))) return bytes;
        }
      }
      if (Date.now() + wait >= deadline) {
        throw answeredTimeout(new IsauthError('STORE_TIMEOUT', 'files: the session file is being written (deadline passed)'));
      }
      await sleep(wait);
    }
  }

  async function loadUntil(path: string, deadline: number): Promise<StoredValue | null> {
    let fh: FileHandle;
    try {
      fh = await open(path, OPEN_FLAGS);
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'error';
      // Absent — unless the session directory itself is gone: then nobody's session can be read.
      if (ABSENT.has(code) && (await dirProblem()) === undefined) {
        healthy(true);
        return null;
      }
      throw unhealthy(`files: cannot read session files in ${spec.dir} (${code})`, err);
    }
    healthy(false);
    try {
      const bytes = await readSettled(fh, deadline);
      return bytes === null ? null : { bytes, flags: 0 };
    } catch (err) {
      if (err instanceof IsauthError) throw err;
      throw ioError(err);
    } finally {
      await fh.close().catch(() => undefined);
    }
  }

  /**
   * Health as seen by reads (EACCES, EIO, a missing directory): reported to opts.onHealth once
   * per change, and failing verify() (/readyz) while it lasts. Names the directory and the
   * errno, never a session file (its name holds the id).
   */
  let problem: string | undefined;
  let dirLevel = false;
  function unhealthy(message: string, cause?: unknown): IsauthError {
    if (problem !== message) opts.onHealth?.(message);
    problem = message;
    return new IsauthError('STORE_UNAVAILABLE', message, { cause });
  }
  function healthy(dirOnly: boolean): void {
    if (problem === undefined || (dirOnly && !dirLevel)) return;
    problem = undefined;
    dirLevel = false;
    opts.onHealth?.(undefined);
  }
  /** Why the session directory is unusable (missing, not a directory), or undefined. */
  async function dirProblem(): Promise<string | undefined> {
    try {
      if ((await stat(spec.dir)).isDirectory()) return undefined;
      dirLevel = true;
      return 'ENOTDIR';
    } catch (err) {
      dirLevel = true;
      return (err as { code?: string }).code ?? 'error';
    }
  }

  return {
    kind: 'files',

    async load(key, placeBy, timeoutMs) {
      if (closed) throw new IsauthError('STORE_UNAVAILABLE', 'files: store is closed');
      const path = sessionPath(spec, key, placeBy);
      if (path === undefined) return null;
      const deadline = Date.now() + timeoutMs;
      return held.run(timeoutMs, 'read', () => loadUntil(path, deadline));
    },

    /** The directory exists, is a directory and can be searched (X_OK), within the deadline. */
    async verify(timeoutMs) {
      if (closed) throw new IsauthError('STORE_UNAVAILABLE', 'files: store is closed');
      await held.run(timeoutMs, 'verify', async () => {
        const code =
          (await dirProblem()) ??
          (await access(spec.dir, constants.X_OK).then(
            () => undefined,
            (err: unknown) => (err as { code?: string }).code ?? 'error',
          ));
        if (code !== undefined) {
          dirLevel = true;
          throw unhealthy(`files: cannot read session files in ${spec.dir} (${code})`);
        }
        healthy(true);
        // Reads failing for another reason (EACCES on the files themselves: not PHP's user).
        if (problem !== undefined) throw new IsauthError('STORE_UNAVAILABLE', problem);
      });
    },

    async close() {
      closed = true;
    },
  };
}
