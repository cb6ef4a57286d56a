import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The installed package's root: the nearest directory above this code that holds isauth's
 * package.json. The same whether this code runs as a module of dist/ (tsc's output), inside the
 * bundle in dist/bin/, or from src/ under the tests — so nothing depends on how deep a file sits.
 */
export function packageRoot(): string {
  if (root !== undefined) return root;
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'isauth') return (root = dir);
    if (dirname(dir) === dir) throw new Error(`isauth's package.json not found above ${fileURLToPath(import.meta.url)}`);
  }
}

/** The version from package.json. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** The `isauth` command of this installation: package.json's bin, the bundle in dist/bin/. */
export function shippedCli(): string {
  return join(packageRoot(), 'dist', 'bin', 'isauth.js');
}
