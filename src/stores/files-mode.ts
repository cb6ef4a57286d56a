/**
 * How the files store does its syscalls, chosen once at startup from `statfs` of the session
 * directory. On a local filesystem (ext4, xfs, btrfs, tmpfs…) open/fstat/read/close of a small
 * file take a few µs each, far less than a trip through libuv's thread pool: the store calls them
 * synchronously. A network filesystem (NFS, CIFS/SMB, FUSE — sshfs and friends —, Ceph, 9p…) can
 * block for a round trip or a server timeout, which must never stall the event loop: those keep
 * the asynchronous (thread-pool) path, and so does any filesystem not known to be local (an
 * allow-list, not a deny-list) or a directory `statfs` cannot look at.
 */
import { statfsSync } from 'node:fs';

export type FilesIo = 'sync' | 'async';

/** Local filesystems by their statfs f_type (linux/magic.h). */
const LOCAL: ReadonlyMap<number, string> = new Map([
  [0xef53, 'ext2/3/4'],
  [0x01021994, 'tmpfs'],
  [0x858458f6, 'ramfs'],
  [0x58465342, 'xfs'],
  [0x9123683e, 'btrfs'],
  [0x2fc12fc1, 'zfs'],
  [0x794c7630, 'overlayfs'],
  [0xf2f52010, 'f2fs'],
  [0xca451a4e, 'bcachefs'],
  [0x52654973, 'reiserfs'],
  [0x3153464a, 'jfs'],
  [0x3434, 'nilfs2'],
]);

/** Filesystems that are known NOT to be local, named in the log line. */
const REMOTE: ReadonlyMap<number, string> = new Map([
  [0x6969, 'nfs'],
  [0xff534d42, 'cifs'],
  [0xfe534d42, 'smb2'],
  [0x517b, 'smb'],
  [0x65735546, 'fuse'],
  [0x00c36400, 'ceph'],
  [0x01021997, '9p'],
  [0x5346414f, 'afs'],
  [0x6b414653, 'afs'],
  [0x73757245, 'coda'],
  [0x01161970, 'gfs2'],
  [0x7461636f, 'ocfs2'],
  [0x0bd00bd0, 'lustre'],
  [0x47504653, 'gpfs'],
]);

export interface FilesIoChoice {
  readonly io: FilesIo;
  /** One line for the startup log: which path and why (names the directory, never a session). */
  readonly note: string;
}

/** The I/O path for session files in `dir`. */
export function chooseFilesIo(dir: string): FilesIoChoice {
  let type: number;
  try {
    type = Number(statfsSync(dir).type);
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'error';
    return { io: 'async', note: `files: asynchronous reads (thread pool), no decision cache: statfs ${dir} failed (${code})` };
  }
  const hex = `0x${type.toString(16)}`;
  const local = LOCAL.get(type);
  if (local !== undefined) return { io: 'sync', note: `files: synchronous reads: ${dir} is on ${local} (local)` };
  const remote = REMOTE.get(type);
  return {
    io: 'async',
    note: remote === undefined
      ? `files: asynchronous reads (thread pool), no decision cache: ${dir} is on a filesystem not known to be local (statfs type ${hex})`
      : `files: asynchronous reads (thread pool), no decision cache: ${dir} is on ${remote} (a network filesystem)`,
  };
}
