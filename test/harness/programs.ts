/**
 * Tests that need a real program (php, memcached, redis-server, nginx, php-fpm…) ask for it here.
 * Missing locally → the suite is skipped with a loud message. Missing under CI=true → the test
 * file fails: CI must never pass by skipping.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const CANDIDATES: Record<string, string[]> = {
  'php-fpm': ['php-fpm', 'php-fpm8.4', 'php-fpm8.3', 'php-fpm8.2', 'php-fpm8.1'],
};
const EXTRA_DIRS = ['/usr/sbin', '/usr/local/sbin', '/sbin'];

export function findProgram(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...EXTRA_DIRS];
  for (const candidate of CANDIDATES[name] ?? [name]) {
    for (const dir of dirs) {
      if (!dir) continue;
      const full = join(dir, candidate);
      try {
        accessSync(full, constants.X_OK);
        return full;
      } catch {
        /* keep looking */
      }
    }
  }
  return undefined;
}

export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

/**
 * True when every program is present. When one is missing: under CI throw (the file fails),
 * otherwise print a loud warning and return false (use with `describe.runIf`).
 */
export function havePrograms(...names: string[]): boolean {
  const missing = names.filter((n) => findProgram(n) === undefined);
  if (missing.length === 0) return true;
  const msg = `MISSING PROGRAM(S): ${missing.join(', ')} — run scripts/install-test-deps.sh`;
  if (IN_CI) throw new Error(`${msg} (CI=true: tests that need them must not be skipped)`);
  console.warn(`\n!!!!! ${msg}. SKIPPING the tests that need them. !!!!!\n`);
  return false;
}

/** Like havePrograms, for PHP extensions (`php -m`). */
export { havePhpExtensions } from './php.js';
