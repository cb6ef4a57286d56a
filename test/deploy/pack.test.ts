/**
 * What an operator installs: `npm pack` (prepack builds dist/ from scratch; the demo app of
 * docs/deploy.md is in it), then
 * `npm install -g --prefix TMP ./isauth-*.tgz`, then the `isauth` command. The pack is made in a
 * copy of the checkout, so the working tree's dist/ is never touched.
 *
 * The production dependencies are bundled in the tarball (`bundleDependencies: true`): the
 * install needs no registry (it runs with --offline) and gets exactly the tree that was tested.
 * Without that, a fresh resolution picks fastify → light-my-request 6.8 → cookie 2, which
 * requires Node 22: package.json `overrides` do not apply to an installed package, and npm
 * ignores a shrinkwrap inside a local tarball (npm/cli#5349).
 * The test fails on any EBADENGINE warning: every dependency's `engines` must admit this Node.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProgram, IN_CI } from '../harness/programs.js';
import { ROOT } from './support.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
  main?: string;
  files: string[];
  engines: { node: string };
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  bundleDependencies?: boolean;
};
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npmEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' };
  for (const k of Object.keys(env)) if (k.startsWith('ISAUTH_')) delete env[k];
  // Set by `npm test` for the scripts it runs; they must not leak into the npm calls below.
  for (const k of ['npm_config_prefix', 'npm_config_global', 'npm_config_offline', 'npm_config_dry_run']) delete env[k];
  return env;
};

describe('npm pack → npm install -g from the tarball → isauth', () => {
  let work: string;
  let tarball: string;
  let entries: string[];

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'isauth-pack-'));
    const src = join(work, 'src-copy');
    mkdirSync(src);
    for (const p of ['package.json', 'package-lock.json', 'tsconfig.json', 'scripts', 'src', ...pkg.files.filter((f) => !f.startsWith('!') && f !== 'dist')]) {
      cpSync(join(ROOT, p), join(src, p), { recursive: true });
    }
    // typescript for prepack, and the production tree to bundle. A hard-linked copy, not a symlink:
    // through a symlinked node_modules npm bundles a broken tree (scoped packages such as
    // @ioredis/commands were left out, and entries came out as `package/../…`).
    const copy = (flags: string) => spawnSync('cp', [flags, join(ROOT, 'node_modules'), join(src, 'node_modules')], { encoding: 'utf8' });
    let linked = copy('-al');
    if (linked.status !== 0) {
      rmSync(join(src, 'node_modules'), { recursive: true, force: true });
      linked = copy('-a'); // another filesystem: a real copy
    }
    if (linked.status !== 0) throw new Error(`copying node_modules failed: ${linked.stderr}`);
    const packed = spawnSync(NPM, ['pack', '--json', '--pack-destination', work], { cwd: src, env: npmEnv(), encoding: 'utf8' });
    // prepack's tsc errors are on stdout, npm's on stderr
    if (packed.status !== 0) throw new Error(`npm pack failed (${packed.status}):\n${packed.stdout}\n${packed.stderr}`);
    const out = packed.stdout;
    const [info] = JSON.parse(out.slice(out.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
    tarball = join(work, info!.filename);
    entries = info!.files.map((f) => f.path);
  }, 180_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('package.json: bin built by prepack, no main, files, engines, repository, LICENSE', () => {
    expect(pkg.main).toBeUndefined();
    expect(pkg.bin.isauth).toBe('dist/bin/isauth.js');
    expect(pkg.scripts.prepack).toContain('--clean');
    expect(pkg.bundleDependencies).toBe(true);
    expect(pkg.engines.node).toBe('>=20.19');
    expect(pkg.files).toEqual(expect.arrayContaining(['dist', 'nginx', 'docs', 'deploy', 'README.md', 'LICENSE']));
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} isauth contributors\n/);
  });

  it('the tarball holds the build, the nginx files, the deploy files and the docs — no sources, tests or build leftovers', () => {
    expect(tarball).toMatch(new RegExp(`isauth-${pkg.version.replace(/\./g, '\\.')}\\.tgz$`));
    for (const f of ['dist/bin/isauth.js', 'package.json', 'README.md', 'LICENSE', 'nginx/isauth-upstream.conf',
      'deploy/systemd/isauth.service', 'deploy/systemd/isauth.default', 'deploy/kubernetes/sidecar.yaml', 'docs/deploy.md', 'docs/configuration.md',
      // docs/deploy.md's demo, copied from $ISAUTH_DIR in path A (no checkout there)
      'examples/php-app/public/index.php', 'examples/php-app/src/page-cache.php', 'examples/php-app/php-fpm.conf']) {
      expect(entries, f).toContain(f);
    }
    const stray = entries.filter((f) => /^(src|test|bench|scripts)\//.test(f) || /^examples\/(?!php-app\/)/.test(f) || f.endsWith('.build-stamp') || f.endsWith('.tsbuildinfo'));
    expect(stray).toEqual([]);
    // the production dependencies, bundled — and no dev dependency
    const bundled = new Set(entries.filter((f) => f.startsWith('node_modules/')).map((f) => f.split('/').slice(0, f.startsWith('node_modules/@') ? 3 : 2).join('/')));
    for (const dep of Object.keys(pkg.dependencies)) expect(bundled, dep).toContain(`node_modules/${dep}`);
    for (const dev of ['node_modules/typescript', 'node_modules/vitest', 'node_modules/yaml', 'node_modules/autocannon']) expect(bundled).not.toContain(dev);
    // prepack built from scratch: every emitted module has a source it came from; dist/bin/ is the
    // bundle of dist/cli/main.js (the bin), its chunks named by content
    const sources = new Set(readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '.js')));
    const emitted = entries.filter((f) => f.startsWith('dist/') && f.endsWith('.js')).map((f) => f.slice('dist/'.length));
    expect(emitted.filter((f) => !sources.has(f) && !/^bin\/(isauth|[\w-]+-[A-Z0-9]{8})\.js$/.test(f))).toEqual([]);
  });

  it(`installs globally with no engine warning and runs on Node ${process.versions.node}`, () => {
    const prefix = join(work, 'prefix');
    const r = spawnSync(NPM, ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], {
      cwd: work, env: npmEnv(), encoding: 'utf8', timeout: 170_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/EBADENGINE|Unsupported engine/i);
    const bin = join(prefix, 'bin', 'isauth');
    expect(existsSync(bin)).toBe(true);
    const installed = join(prefix, 'lib', 'node_modules', 'isauth');
    expect(existsSync(join(installed, 'node_modules', 'fastify', 'package.json')), 'bundled dependency').toBe(true);

    // The bin's shebang (`#!/usr/bin/env node`) must find THIS node first.
    const env = { ...npmEnv(), PATH: `${join(process.execPath, '..')}:${process.env.PATH ?? ''}` };
    const version = spawnSync(bin, ['--version'], { env, encoding: 'utf8' });
    expect(version.stderr).toBe('');
    expect(version.stdout.trim()).toContain(pkg.version);
    expect(version.status).toBe(0);
    const check = spawnSync(bin, ['--check-config', '--store', 'memcached://127.0.0.1:11211'], { env, encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/config OK/i);
  }, 180_000);

  // docs/deploy.md step 3 and the unit, with npm's REAL default prefix (Debian's npm: /usr), as a
  // root operator runs them: `npm install -g`, `command -v isauth`, `npm root -g`, the unit's
  // ExecStart= and Documentation= unchanged, `runuser -u www-data -- isauth --check-config`.
  // It installs into the machine's global prefix and removes it afterwards, so it runs only as
  // root and only where no isauth is installed globally (skipped loudly otherwise; CI fails).
  const globalRoot = spawnSync(NPM, ['root', '-g'], { env: npmEnv(), encoding: 'utf8' }).stdout.trim();
  const globalReady = ((): boolean => {
    const why = process.getuid?.() !== 0 ? 'not root' : existsSync(join(globalRoot, 'isauth')) ? `${join(globalRoot, 'isauth')} already exists` : undefined;
    if (why === undefined) return true;
    if (IN_CI) throw new Error(`global install test cannot run: ${why}`);
    console.warn(`\n!!!!! SKIPPING the install with npm's default prefix: ${why} !!!!!\n`);
    return false;
  })();
  it.runIf(globalReady)("installs with npm's default prefix where the unit and docs/deploy.md expect it", () => {
    const systemPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'; // systemd's and a root shell's
    const env = { ...npmEnv(), PATH: `${systemPath}:${join(process.execPath, '..')}` };
    const prefix = spawnSync(NPM, ['config', 'get', 'prefix'], { env, encoding: 'utf8' }).stdout.trim();
    try {
      const r = spawnSync(NPM, ['install', '-g', '--offline', '--no-audit', '--no-fund', tarball], { cwd: work, env, encoding: 'utf8', timeout: 170_000 });
      expect(r.status, r.stderr).toBe(0);
      const bin = spawnSync('sh', ['-c', 'command -v isauth'], { env, encoding: 'utf8' }).stdout.trim();
      expect(bin).toBe(join(prefix, 'bin', 'isauth'));
      expect(existsSync(join(globalRoot, 'isauth', 'nginx', 'isauth-upstream.conf'))).toBe(true);
      const unit = readFileSync(join(ROOT, 'deploy/systemd/isauth.service'), 'utf8');
      const exec = /^ExecStart=(\S+) serve$/m.exec(unit)?.[1];
      const doc = /^Documentation=file:(\S+)$/m.exec(unit)?.[1];
      if (prefix === '/usr') {
        expect(exec).toBe(bin);
        expect(doc).toBe(join(globalRoot, 'isauth', 'docs', 'deploy.md'));
      } else console.warn(`npm's prefix is ${prefix}: the unit needs the drop-in docs/deploy.md describes`);
      expect(existsSync(doc!.replace('/usr/lib/node_modules', globalRoot))).toBe(true);
      const runuser = spawnSync('runuser', ['-u', 'www-data', '--', bin, '--check-config', '--store', 'memcached://127.0.0.1:11211'], { env, encoding: 'utf8' });
      expect(runuser.status, runuser.stderr).toBe(0);
      if (prefix === '/usr' && findProgram('systemd-analyze')) {
        // The shipped unit, unmodified: verify finds ExecStart's program now that it is installed.
        const v = spawnSync(findProgram('systemd-analyze')!, ['verify', join(ROOT, 'deploy/systemd/isauth.service')], { encoding: 'utf8' });
        expect(v.stdout + v.stderr).toBe('');
      }
    } finally {
      spawnSync(NPM, ['uninstall', '-g', 'isauth'], { env, encoding: 'utf8', timeout: 120_000 });
    }
    expect(existsSync(join(globalRoot, 'isauth'))).toBe(false);
  }, 240_000);
});
