/**
 * A directory seen through a real FUSE filesystem (bindfs, a pass-through mount), for a HUNG
 * filesystem: SIGSTOP the bindfs process and every file operation under the mount blocks — as on
 * an NFS server that stopped answering — until SIGCONT.
 *
 *   const fuse = await startBindfs(sourceDir);   // fuse.dir mirrors sourceDir
 *   await fuse.pause(); … fuse.resume(); await fuse.stop();
 *
 * Needs `bindfs`, `fusermount3` and /dev/fuse (`haveFuse()`: skip loudly locally, fail under CI).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { findProgram, havePrograms, IN_CI } from './programs.js';
import { spawnTracked } from './process.js';
import { tempDir } from './servers.js';

export function haveFuse(): boolean {
  if (!havePrograms('bindfs', 'fusermount3')) return false;
  if (existsSync('/dev/fuse')) return true;
  const msg = 'MISSING DEVICE: /dev/fuse (FUSE mounts for the hung-filesystem tests)';
  if (IN_CI) throw new Error(msg);
  console.warn(`\n!!!!! ${msg}. SKIPPING the tests that need it. !!!!!\n`);
  return false;
}

export interface FuseMount {
  /** The mount point: the source directory's files, served by bindfs. */
  readonly dir: string;
  /** SIGSTOP bindfs: every operation under `dir` blocks. Resolves once it is stopped. */
  pause(): Promise<void>;
  resume(): void;
  /** Resume, unmount, and end bindfs. Idempotent. */
  stop(): Promise<void>;
}

const mounted = (dir: string): boolean => readFileSync('/proc/mounts', 'utf8').split('\n').some((l) => l.split(' ')[1] === dir);

export async function startBindfs(source: string): Promise<FuseMount> {
  const dir = tempDir('fuse-mnt');
  const bindfs = findProgram('bindfs') ?? 'bindfs';
  // -f: stay in the foreground (so it can be paused and ended); no attribute cache, so every
  // read asks the (possibly hung) daemon.
  const child = spawnTracked('bindfs', bindfs, ['-f', '-o', 'attr_timeout=0,entry_timeout=0,negative_timeout=0', source, dir], { stopSignal: 'SIGTERM' });
  await child.started(
    (async () => {
      for (let i = 0; i < 500 && !mounted(dir); i++) await new Promise((r) => setTimeout(r, 10));
      if (!mounted(dir)) throw new Error(`bindfs did not mount ${dir}`);
    })(),
  );
  let stopped = false;
  const pid = child.child.pid;
  return {
    dir,
    async pause() {
      child.child.kill('SIGSTOP');
      for (let i = 0; i < 200; i++) {
        const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
        if (/\) [tT] /.test(stat)) return;
        await new Promise((r) => setTimeout(r, 5));
      }
      throw new Error(`bindfs ${pid} did not stop`);
    },
    resume: () => void child.child.kill('SIGCONT'),
    async stop() {
      if (stopped) return;
      stopped = true;
      child.child.kill('SIGCONT');
      try {
        execFileSync(findProgram('fusermount3') ?? 'fusermount3', ['-u', '-z', dir], { stdio: 'ignore' });
      } catch {
        /* not mounted any more */
      }
      await child.stop();
    },
  };
}
