/** Run real php-cli from tests. */
import { execFileSync, spawnSync } from 'node:child_process';
import { findProgram, IN_CI } from './programs.js';

let modules: Set<string> | undefined;

function phpModules(): Set<string> {
  if (modules) return modules;
  const php = findProgram('php');
  modules = new Set();
  if (php) {
    const out = execFileSync(php, ['-m'], { encoding: 'utf8' });
    for (const line of out.split('\n')) modules.add(line.trim().toLowerCase());
  }
  return modules;
}

/** True when php-cli and every named extension are present (same CI rule as havePrograms). */
export function havePhpExtensions(...exts: string[]): boolean {
  const php = findProgram('php');
  const missing = php ? exts.filter((e) => !phpModules().has(e.toLowerCase())) : ['php', ...exts];
  if (missing.length === 0) return true;
  const msg = `MISSING PHP / EXTENSION(S): ${missing.join(', ')} — run scripts/install-test-deps.sh`;
  if (IN_CI) throw new Error(`${msg} (CI=true: tests that need them must not be skipped)`);
  console.warn(`\n!!!!! ${msg}. SKIPPING the tests that need them. !!!!!\n`);
  return false;
}

export interface PhpRunOptions {
  /** ini settings passed as -d NAME=VALUE (quote values containing ';' yourself). */
  ini?: Record<string, string>;
  /** bytes for stdin */
  input?: Buffer | string;
  env?: Record<string, string>;
}

/** Run `php -r CODE` and return stdout as bytes; throws with stderr on a non-zero exit. */
export function runPhp(code: string, opts: PhpRunOptions = {}): Buffer {
  const php = findProgram('php');
  if (!php) throw new Error('php not found');
  // The system php.ini stays in effect (it loads the extensions in the right order).
  const args: string[] = ['-d', 'display_errors=stderr', '-d', 'error_reporting=-1'];
  for (const [k, v] of Object.entries(opts.ini ?? {})) args.push('-d', `${k}=${v}`);
  args.push('-r', code);
  const res = spawnSync(php, args, {
    input: opts.input,
    env: { ...process.env, ...opts.env },
    maxBuffer: 256 * 1024 * 1024,
  });
  if (res.status !== 0) {
    throw new Error(`php exited ${res.status}: ${res.stderr.toString()}\n${res.stdout.toString().slice(0, 500)}`);
  }
  return res.stdout;
}
