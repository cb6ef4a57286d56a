/**
 * Are the programs there? The rule of test/harness/programs.ts: missing locally → a loud warning
 * and the caller skips (exit 0); missing under CI=true → an error (CI must never pass by skipping).
 */
import { havePhpExtensions, havePrograms } from '../test/harness/programs.js';
import { existsSync } from 'node:fs';
import { isauthMain } from './paths.js';

/** True when php (with php-memcached) and every program are present. */
export function havePrerequisites(programs: readonly string[]): boolean {
  if (!havePrograms('php', ...programs)) return false;
  if (!havePhpExtensions('memcached')) return false;
  if (!existsSync(isauthMain())) throw new Error(`${isauthMain()} is missing: run \`npm run build\` first`);
  return true;
}
