/**
 * Where things are. The bench runs from its build (.bench-build/bench/…); the test harness it
 * reuses finds nginx/ and examples/ relative to its own file, so the build dir gets two links
 * back to the repository (ensureRepoLinks, called once at start).
 */
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is at .bench-build/bench/paths.js once built). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RESULTS_DIR = join(ROOT, 'bench', 'results');

/** The isauth entry point: `npm run build`'s dist/, or BENCH_ISAUTH_MAIN (another build). */
export function isauthMain(): string {
  return process.env.BENCH_ISAUTH_MAIN ?? join(ROOT, 'dist', 'cli', 'main.js');
}

export function ensureRepoLinks(): void {
  const build = join(ROOT, '.bench-build');
  mkdirSync(build, { recursive: true });
  for (const name of ['nginx', 'examples']) {
    const link = join(build, name);
    if (!existsSync(link)) symlinkSync(join('..', name), link);
  }
}
