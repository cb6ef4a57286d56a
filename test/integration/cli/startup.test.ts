/**
 * CLI start-up loads only what a subcommand uses: `isauth decode` imports the decoder and nothing
 * of the service (no fastify, pino, prom-client, store clients, config), and `isauth check`
 * against a files store loads no network store client (ioredis, mysql2, pg, memcached; their URL parsers are config). Checked
 * on the module graph node actually loaded (an ESM load hook records every URL), not on time —
 * the time is in docs/benchmarks.md ("CLI start-up") — first on tsc's modules (dist/cli/main.js:
 * which module each subcommand pulls in), then on the shipped bundle (dist/bin/isauth.js, whose
 * chunks follow the same lazy imports): a handful of files, and no package the command does not use.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ISAUTH_MAIN, haveIsauthBuild } from '../../harness/isauth.js';

/** tsc's output, module by module (the bundle's input). */
const MODULES_MAIN = fileURLToPath(new URL('../../../dist/cli/main.js', import.meta.url));

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'isauth-startup-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Records every module URL node loads (ESM, and the CommonJS entry points imported from ESM). */
const HOOKS = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (!url.startsWith('node:')) appendFileSync(process.env.ISAUTH_MODULE_LOG, url + '\\n');
  return next(url, context);
}`;
const REGISTER = `import { register } from 'node:module';
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)});`;

/** The modules `isauth ARGS` loaded, as paths relative to the repository. */
function modulesLoaded(args: string[], main = MODULES_MAIN): { modules: string[]; code: number | null; out: string } {
  const log = join(tmp, `modules-${Math.random().toString(36).slice(2)}.log`);
  writeFileSync(log, '');
  const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, main, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ISAUTH_MODULE_LOG: log },
    timeout: 20_000,
  });
  const modules = readFileSync(log, 'utf8')
    .split('\n')
    .filter((u) => u.startsWith('file:'))
    .map((u) => relative(ROOT, fileURLToPath(u)));
  return { modules, code: r.status, out: r.stdout + r.stderr };
}

const SERVICE = /^node_modules\/(fastify|pino|prom-client|ioredis|mysql2|pg|@fastify)\//;

describe.runIf(haveIsauthBuild())('CLI start-up: the modules each subcommand loads', () => {
  it('decode loads the decoder only: dist/cli/{main,usage,decode}, version, exit, errors, php/', () => {
    const session = join(tmp, 'session');
    writeFileSync(session, 'user|s:3:"ann";');
    const { modules, code, out } = modulesLoaded(['decode', session]);
    expect(code, out).toBe(0);
    expect(out).toContain('"ann"');
    expect(modules).toContain('dist/php/session.js'); // the hook saw the graph
    const allowed = /^dist\/(cli\/(main|usage|decode)\.js|version\.js|exit\.js|errors\.js|php\/[\w-]+\.js)$/;
    expect(modules.filter((m) => !allowed.test(m))).toEqual([]);
  });

  it('check against a files store loads no network store client and no HTTP service', () => {
    const { modules, code, out } = modulesLoaded(['check', 'abcdefabcdefabcdef0123456789', '--store', `files:${tmp}`]);
    expect(code, out).toBe(1); // no such session: not logged in
    expect(modules).toContain('dist/stores/files.js');
    const unwanted = modules.filter(
      (m) => SERVICE.test(m) || /^dist\/(http|serve|text-protocol)\//.test(m) || /^dist\/stores\/(redis[\w-]*|memcached(-conn|-failover)?|sql\/(index|mysql|postgres|store))\.js$/.test(m),
    );
    expect(unwanted).toEqual([]);
  });

  it('serve is still found by the dispatch (its usage), and an unknown subcommand is refused', () => {
    expect(modulesLoaded(['serve', '--help']).out).toContain('--store');
    const bad = modulesLoaded(['nope']);
    expect(bad.code).toBe(64);
    expect(bad.out).toContain('unknown subcommand "nope"');
  });
});

describe.runIf(haveIsauthBuild())('CLI start-up: the shipped bundle (package.json\'s bin)', () => {
  const chunks = (modules: string[]): string[] => modules.filter((m) => m.startsWith('dist/bin/'));

  it('decode: a few chunks of dist/bin/ (under half tsc\'s modules) and no package at all', () => {
    const session = join(tmp, 'session-bundle');
    writeFileSync(session, 'user|s:3:"ann";');
    const { modules, code, out } = modulesLoaded(['decode', session], ISAUTH_MAIN);
    expect(code, out).toBe(0);
    expect(out).toContain('"ann"');
    expect(modules[0]).toBe('dist/bin/isauth.js');
    expect(modules.filter((m) => !m.startsWith('dist/bin/'))).toEqual([]);
    expect(chunks(modules).length * 2).toBeLessThan(modulesLoaded(['decode', session]).modules.length);
  });

  it('check on files: no service and no network store client; far fewer files than tsc\'s modules', () => {
    const args = ['check', 'abcdefabcdefabcdef0123456789', '--store', `files:${tmp}`];
    const bundled = modulesLoaded(args, ISAUTH_MAIN);
    expect(bundled.code, bundled.out).toBe(1);
    expect(bundled.modules.filter((m) => SERVICE.test(m) || /^dist\/bin\/(serve|memcached|redis-topology|sql)-/.test(m))).toEqual([]);
    expect(bundled.modules.filter((m) => !m.startsWith('dist/bin/'))).toEqual([]);
    const modular = modulesLoaded(args);
    expect(bundled.modules.length * 5).toBeLessThan(modular.modules.length);
  });

  it('serve loads its chunk and the service packages', () => {
    const { modules, out } = modulesLoaded(['serve', '--check-config'], ISAUTH_MAIN);
    expect(out).toContain('--store');
    expect(modules.some((m) => /^dist\/bin\/serve-/.test(m))).toBe(true);
  });
});
