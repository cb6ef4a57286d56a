/**
 * A real filesystem with WHOLE-SECOND timestamps: an ext4 image made with 128-byte inodes (no room
 * for nanoseconds — what ext3-era filesystems still look like), loop-mounted in a temp dir. Two
 * in-place rewrites of the same size within one second leave identical stat results there, which
 * is what the files store's identity rule must survive (src/stores/files-settle.ts).
 *
 *   const fs = mountCoarseExt4();   // fs.dir; fs.unmount()
 *
 * Needs mkfs.ext4, mount/umount and loop devices (root). `haveCoarseFs()`: skip loudly locally,
 * fail under CI (the rule of programs.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { havePrograms, IN_CI } from './programs.js';
import { tempDir } from './servers.js';

export interface CoarseFs {
  readonly dir: string;
  unmount(): void;
}

export function mountCoarseExt4(): CoarseFs {
  const base = tempDir('coarse-fs');
  const image = join(base, 'ext4-128.img');
  const dir = join(base, 'mnt');
  mkdirSync(dir);
  execFileSync('truncate', ['-s', '16M', image]);
  execFileSync('mkfs.ext4', ['-q', '-F', '-I', '128', image], { stdio: 'ignore' });
  execFileSync('mount', ['-o', 'loop', image, dir], { stdio: 'pipe' });
  let mounted = true;
  return {
    dir,
    unmount() {
      if (!mounted) return;
      mounted = false;
      execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
    },
  };
}

let usable: boolean | undefined;

/** Can this machine loop-mount an image (and does it give whole-second timestamps)? */
export function haveCoarseFs(): boolean {
  if (usable !== undefined) return usable;
  if (!havePrograms('mkfs.ext4', 'mount', 'umount', 'truncate')) return (usable = false);
  try {
    const fs = mountCoarseExt4();
    try {
      if (statSync(fs.dir, { bigint: true }).ctimeNs % 1_000_000_000n !== 0n) throw new Error('the image has sub-second timestamps');
    } finally {
      fs.unmount();
    }
    return (usable = true);
  } catch (err) {
    const msg = `CANNOT LOOP-MOUNT a coarse-timestamp ext4 image (${err instanceof Error ? err.message.split('\n')[0] : String(err)}): root and loop devices are needed`;
    if (IN_CI) throw new Error(msg);
    console.warn(`\n!!!!! ${msg}. SKIPPING the tests that need it. !!!!!\n`);
    return (usable = false);
  }
}
