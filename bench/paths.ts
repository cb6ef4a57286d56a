/**
 * Where things are. The bench runs from its build (.bench-build/bench/…); the test harness it
 * reuses finds nginx/, examples/ and its PHP programs relative to its own files, so the build
 * dir gets links back to the repository (ensureRepoLinks, called once at start).
 */
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is at .bench-build/bench/paths.js once built). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RESULTS_DIR = join(ROOT, 'bench', 'results');

/** The isauth entry point: `npm run build`'s dist/, or BENCH_ISAUTH_MAIN (another build). */
export function isauthMain(): string {
  return process.env.BENCH_ISAUTH_MAIN ?? join(ROOT, 'dist', 'bin', 'isauth.js');
}

export function ensureRepoLinks(): void {
  const build = join(ROOT, '.bench-build');
  mkdirSync(build, { recursive: true });
  for (const name of ['nginx', 'examples']) {
    const link = join(build, name);
    if (!existsSync(link)) symlinkSync(join('..', name), link);
  }
  // PHP programs of the harness, found next to its compiled files (test/harness/wordpress/run.php).
  mkdirSync(join(build, 'test', 'harness'), { recursive: true });
  const scripts = join(build, 'test', 'harness', 'wordpress');
  if (!existsSync(scripts)) symlinkSync(join('..', '..', '..', 'test', 'harness', 'wordpress'), scripts);
}
