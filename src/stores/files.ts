/**
 * Sessions written by PHP's `files` handler: `<dir>/<c1>/…/<cN>/sess_<id>` (N = depth; an id of N
 * characters or fewer has no file, as in PHP's ps_files_path_create).
 *
 * Reading never changes anything: the file is opened O_RDONLY | O_NOFOLLOW (PHP also refuses a
 * symlinked session file) | O_NONBLOCK (a FIFO cannot block us) — never O_CREAT. Not a regular
 * file, ENOENT, ENOTDIR, ELOOP, ENAMETOOLONG → null. An mtime older than maxAgeSeconds → null
 * (PHP's own read never checks age; its GC deletes such files only now and then).
 *
 * Concurrency. PHP holds flock(LOCK_EX) for the whole request and rewrites in place: ftruncate(0)
 * when the new data is shorter, then pwrite at 0 — no rename. Node has no flock, and waiting on a
 * lock held for a whole PHP request would be too slow anyway, so a read is accepted only when it
 * is a settled snapshot:
 *   fstat → read everything → fstat again; the two stats must agree (size, mtime, ctime, ino),
 *   the bytes read must equal the size, and the last change (ctime) must be at least SETTLE_MS
 *   old. The last rule closes the hole the first two leave: the kernel stamps mtime/ctime when a
 *   write STARTS, so a read racing a pwrite can see a torn file between two equal stats. A pwrite
 *   of a session (≤ maxBytes) finishes well within SETTLE_MS, so after that the bytes are whole.
 * Otherwise wait (until the change is SETTLE_MS old, at least RETRY_MS) and read again, until the
 * deadline (then STORE_TIMEOUT). Cost: only sessions changed in the last SETTLE_MS pay up to that
 * much extra latency. An empty file that stays empty is returned as empty bytes (a session being
 * created by a running request, or an empty session). What it cannot give: the data of a PHP
 * request that has not written yet — isauth sees the last written state, never a partial one.
 */
import { constants } from 'node:fs';
import { access, open, stat, type FileHandle } from 'node:fs/promises';
import { IsauthError } from '../errors.js';
import { isSafeSessionId } from './id.js';
import type { SessionStore, StoreOptions, StoreSpec } from './types.js';

type FilesSpec = Extract<StoreSpec, { kind: 'files' }>;

export const SETTLE_MS = 15;
const RETRY_MS = 2;
const ABSENT = new Set(['ENOENT', 'ENOTDIR', 'ELOOP', 'ENAMETOOLONG', 'EISDIR']);
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** The path PHP uses for `id` with this save_path, or undefined when PHP has no file for it. */
export function sessionPath(spec: FilesSpec, id: string): string | undefined {
  if (!isSafeSessionId(id) || id.length <= spec.depth) return undefined;
  let path = spec.dir === '/' ? '' : spec.dir;
  for (let i = 0; i < spec.depth; i++) path += `/${id[i] ?? ''}`;
  return `${path}/sess_${id}`;
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

const same = (a: Snapshot, b: Snapshot) =>
  a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs && a.ino === b.ino;

function ioError(err: unknown): IsauthError {
  const code = (err as { code?: string }).code ?? 'error';
  return new IsauthError('STORE_UNAVAILABLE', `files: cannot read the session file (${code})`, { cause: err });
}

export function createFilesStore(spec: FilesSpec, opts: StoreOptions): SessionStore {
  let closed = false;
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
      const ageMs = Number(BigInt(Date.now()) * 1_000_000n - after.ctimeNs) / 1e6;
      // A ctime far in the future (clock skew on a network fs): do not wait for it to settle.
      const settled = ageMs >= SETTLE_MS || ageMs < -1000;
      if (same(before, after) && got === size && settled) return new Uint8Array(buf.buffer, buf.byteOffset, size);
      const wait = Math.max(RETRY_MS, same(before, after) && got === size ? Math.ceil(SETTLE_MS - ageMs) : RETRY_MS);
      if (Date.now() + wait >= deadline) {
        throw new IsauthError('STORE_TIMEOUT', 'files: the session file kept changing until the deadline');
      }
      await sleep(wait);
    }
  }

  async function loadUntil(path: string, deadline: number): Promise<Uint8Array | null> {
    let fh: FileHandle;
    try {
      fh = await open(path, OPEN_FLAGS);
    } catch (err) {
      if (ABSENT.has((err as { code?: string }).code ?? '')) return null;
      throw ioError(err);
    }
    try {
      return await readSettled(fh, deadline);
    } catch (err) {
      if (err instanceof IsauthError) throw err;
      throw ioError(err);
    } finally {
      await fh.close().catch(() => undefined);
    }
  }

  return {
    kind: 'files',

    async load(id, timeoutMs) {
      if (closed) throw new IsauthError('STORE_UNAVAILABLE', 'files: store is closed');
      const path = sessionPath(spec, id);
      if (path === undefined) return null;
      const deadline = Date.now() + timeoutMs;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new IsauthError('STORE_TIMEOUT', `files: no answer within ${timeoutMs} ms`)),
          timeoutMs,
        );
      });
      try {
        return await Promise.race([loadUntil(path, deadline), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },

    /** The directory exists, is a directory and can be searched (X_OK), within the deadline. */
    async verify(timeoutMs) {
      if (closed) throw new IsauthError('STORE_UNAVAILABLE', 'files: store is closed');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new IsauthError('STORE_TIMEOUT', 'files: verify timed out')), timeoutMs);
      });
      const check = async () => {
        const st = await stat(spec.dir).catch((err: unknown) => {
          throw ioError(err);
        });
        if (!st.isDirectory()) throw new IsauthError('STORE_UNAVAILABLE', 'files: the session path is not a directory');
        await access(spec.dir, constants.X_OK).catch((err: unknown) => {
          throw ioError(err);
        });
      };
      try {
        await Promise.race([check(), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },

    async close() {
      closed = true;
    },
  };
}
