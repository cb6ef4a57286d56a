#!/usr/bin/env node
// Builds dist/ with tsc only when it is missing or older than its inputs (src/, tsconfig.json),
// so `npm start` on a current build starts at once. Then bundles the command line (esbuild):
// dist/cli/main.js and the modules it imports become dist/bin/isauth.js plus one chunk per lazily
// imported subcommand or store — the `isauth` that package.json's bin runs. Node 20 spends most
// of a short command's start-up loading ~130 small modules (docs/benchmarks.md, "CLI start-up");
// packages (fastify, ioredis, pg…) stay in node_modules. `--force` always builds (`npm run build`);
// `--clean` removes dist/ first and builds (prepack: the tarball must hold exactly what src/
// compiles to, no leftovers of renamed modules).
//
// dist/.build-stamp is written after a SUCCESSFUL build and compared with the newest input
// mtime; a failed build removes it, so the next run builds again and shows the errors.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const stamp = join(dist, '.build-stamp');
const clean = process.argv.includes('--clean');
const force = clean || process.argv.includes('--force');

function newestMtime(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs; // a deleted or renamed file changes its directory's mtime
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

function isCurrent() {
  if (!existsSync(stamp) || !existsSync(join(dist, 'cli', 'main.js')) || !existsSync(join(dist, 'bin', 'isauth.js'))) return false;
  const inputs = Math.max(newestMtime(join(root, 'src')), newestMtime(join(root, 'tsconfig.json')));
  return statSync(stamp).mtimeMs >= inputs;
}

if (clean) rmSync(dist, { recursive: true, force: true });
if (!force && isCurrent()) process.exit(0);

const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
if (!existsSync(tsc)) {
  console.error('isauth: TypeScript is not installed — run `npm ci` (with dev dependencies) first');
  process.exit(1);
}
rmSync(stamp, { force: true });
const started = new Date(); // an input edited while tsc runs must count as newer than the build
const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.error('isauth: esbuild is not installed — run `npm ci` (with dev dependencies) first');
  process.exit(1);
}
rmSync(join(dist, 'bin'), { recursive: true, force: true });
await esbuild.build({
  entryPoints: { isauth: join(dist, 'cli', 'main.js') },
  outdir: join(dist, 'bin'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: '[name]-[hash]',
  logLevel: 'warning',
});
writeFileSync(stamp, `${started.toISOString()}\n`);
utimesSync(stamp, started, started);
