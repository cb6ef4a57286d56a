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
 *
 * The rules live in files-settle.ts, the two readers in files-read.ts: synchronous syscalls on a
 * local filesystem, the thread pool on a network one (files-mode.ts; `statfs` at startup, said in
 * one log line). On the synchronous path the store also tells a file's exact identity
 * (`identify`: one lstat) and marks the reads that may be cached under it — the decision cache
 * (src/decision-cache/) uses both. A network filesystem's attribute cache can answer a stat with
 * stale attributes, so there the store offers no identity and nothing is cached.
 */
import { constants, lstatSync, openSync, closeSync, statSync } from 'node:fs';
import { access, open, stat, type FileHandle } from 'node:fs/promises';
import { IsauthError } from '../errors.js';
import { heldWork } from './deadline.js';
import { chooseFilesIo, type FilesIo } from './files-mode.js';
import { readSettledAsync, readSettledSync, type FileLimits, type SettledRead } from './files-read.js';
import { identityOf, nowNs } from './files-settle.js';
import { isSafeFileName } from './key-safety.js';
import type { SessionStore, StoredValue, StoreOptions, StoreSpec } from './types.js';

type FilesSpec = Extract<StoreSpec, { kind: 'files' }>;

export { LOCKED_SETTLE_MS, SETTLE_MS } from './files-settle.js';
const ABSENT = new Set(['ENOENT', 'ENOTDIR', 'ELOOP', 'ENAMETOOLONG', 'EISDIR']);
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
/**
 * Reads still running (past their deadline too): a hung filesystem (NFS, FUSE) blocks the thread
 * pool, and reads queued behind it would pile up at page rate; beyond this they fail at once.
 * (The synchronous reader of a local filesystem holds nothing: its syscalls return before the
 * event loop moves on, and its only waits are its own pauses, which stop at the deadline.)
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

function ioError(err: unknown): IsauthError {
  const code = (err as { code?: string }).code ?? 'error';
  return new IsauthError('STORE_UNAVAILABLE', `files: cannot read the session file (${code})`, { cause: err });
}

const errno = (err: unknown): string => (err as { code?: string }).code ?? 'error';

const valueOf = (r: SettledRead | null): StoredValue | null =>
  r === null ? null : r.identity === undefined ? { bytes: r.bytes, flags: 0 } : { bytes: r.bytes, flags: 0, identity: r.identity };

/**
 * `io` forces the reader (tests); by default `statfs` of the directory chooses (files-mode.ts).
 */
export function createFilesStore(spec: FilesSpec, opts: StoreOptions, io?: FilesIo): SessionStore {
  let closed = false;
  const held = heldWork('files', MAX_HELD);
  const choice = io === undefined ? chooseFilesIo(spec.dir) : { io, note: `files: ${io === 'sync' ? 'synchronous' : 'asynchronous'} reads (chosen by the caller)` };
  const limits: FileLimits = { maxAgeNs: BigInt(Math.round(opts.maxAgeSeconds * 1000)) * 1_000_000n, maxBytes: opts.maxBytes };

  /** An open failure: absent (null) unless the directory itself is the problem. */
  function openFailed(err: unknown, dir: string | undefined): null {
    const code = errno(err);
    // Absent — unless the session directory itself is gone: then nobody's session can be read.
    if (ABSENT.has(code) && dir === undefined) {
      healthy(true);
      return null;
    }
    throw unhealthy(`files: cannot read session files in ${spec.dir} (${code})`, err);
  }

  async function loadSync(path: string, deadline: number): Promise<StoredValue | null> {
    let fd: number;
    try {
      fd = openSync(path, OPEN_FLAGS);
    } catch (err) {
      return openFailed(err, dirProblemSync());
    }
    healthy(false);
    try {
      return valueOf(await readSettledSync(fd, limits, deadline));
    } catch (err) {
      if (err instanceof IsauthError) throw err;
      throw ioError(err);
    } finally {
      try {
        closeSync(fd);
      } catch {
        /* nothing to do */
      }
    }
  }

  async function loadAsync(path: string, deadline: number): Promise<StoredValue | null> {
    let fh: FileHandle;
    try {
      fh = await open(path, OPEN_FLAGS);
    } catch (err) {
      return openFailed(err, await dirProblem());
    }
    healthy(false);
    try {
      // No identity: a network filesystem's attribute cache may answer a later stat stale.
      const r = await readSettledAsync(fh, limits, deadline);
      return r === null ? null : { bytes: r.bytes, flags: 0 };
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
  function dirProblemSync(): string | undefined {
    try {
      if (statSync(spec.dir).isDirectory()) return undefined;
      dirLevel = true;
      return 'ENOTDIR';
    } catch (err) {
      dirLevel = true;
      return errno(err);
    }
  }
  async function dirProblem(): Promise<string | undefined> {
    try {
      if ((await stat(spec.dir)).isDirectory()) return undefined;
      dirLevel = true;
      return 'ENOTDIR';
    } catch (err) {
      dirLevel = true;
      return errno(err);
    }
  }

  const store: SessionStore = {
    kind: 'files',
    readNote: choice.note,

    load(key, placeBy, timeoutMs) {
      if (closed) return Promise.reject(new IsauthError('STORE_UNAVAILABLE', 'files: store is closed'));
      const path = sessionPath(spec, key, placeBy);
      if (path === undefined) return Promise.resolve(null);
      const deadline = Date.now() + timeoutMs;
      return choice.io === 'sync' ? loadSync(path, deadline) : held.run(timeoutMs, 'read', () => loadAsync(path, deadline));
    },

    /** The directory exists, is a directory and can be searched (X_OK), within the deadline. */
    async verify(timeoutMs) {
      if (closed) throw new IsauthError('STORE_UNAVAILABLE', 'files: store is closed');
      await held.run(timeoutMs, 'verify', async () => {
        const code =
          (await dirProblem()) ??
          (await access(spec.dir, constants.X_OK).then(
            () => undefined,
            (err: unknown) => errno(err),
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
  if (choice.io === 'sync') {
    /**
     * The identity of the file at `key` now, by one lstat (never follows a symlink, as the read's
     * O_NOFOLLOW): undefined when there is no regular file there, it is expired, too large, or
     * anything fails — the caller then reads it the full way.
     */
    store.identify = (key, placeBy) => {
      if (closed) return undefined;
      const path = sessionPath(spec, key, placeBy);
      if (path === undefined) return undefined;
      try {
        const st = lstatSync(path, { bigint: true, throwIfNoEntry: false });
        if (st === undefined || !st.isFile() || st.size > BigInt(limits.maxBytes)) return undefined;
        if (nowNs() - st.mtimeNs > limits.maxAgeNs) return undefined;
        return identityOf(st);
      } catch {
        return undefined;
      }
    };
  }
  return store;
}
