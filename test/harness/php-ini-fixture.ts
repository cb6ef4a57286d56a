/**
 * A copy of the real Debian php.ini and its conf.d (the installed extensions' ini files) in a
 * temp dir, edited the way an admin would: an existing (even commented-out) `key = …` line is
 * replaced in place, other keys are appended. PHP reads the copy with `php -c DIR` and
 * PHP_INI_SCAN_DIR=DIR/conf.d; isauth finds the same conf.d next to DIR/php.ini.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findProgram } from './programs.js';
import { tempDir } from './servers.js';

export const DEBIAN_PHP_INI = '/etc/php/8.2/cli/php.ini';
export const DEBIAN_CONF_D = '/etc/php/8.2/cli/conf.d';

export function haveDebianPhpIni(): boolean {
  return existsSync(DEBIAN_PHP_INI) && existsSync(DEBIAN_CONF_D);
}

function edit(text: string, settings: Readonly<Record<string, string>>): string {
  let out = text;
  for (const [key, value] of Object.entries(settings)) {
    const re = new RegExp(`^;?\\s*${key.replace(/[.[\]]/g, '\\$&')}\\s*=.*$`, 'm');
    out = re.test(out) ? out.replace(re, () => `${key} = ${value}`) : `${out}\n${key} = ${value}\n`;
  }
  return out;
}

/** A temp dir with php.ini and conf.d/; values are written as ini text (quote them yourself). */
export function phpIniFixture(ini: Readonly<Record<string, string>>, confD: Readonly<Record<string, Record<string, string>>> = {}): { dir: string; ini: string; confD: string } {
  const dir = tempDir('phpini');
  const confDir = join(dir, 'conf.d');
  mkdirSync(confDir);
  writeFileSync(join(dir, 'php.ini'), edit(readFileSync(DEBIAN_PHP_INI, 'utf8'), ini));
  for (const name of readdirSync(DEBIAN_CONF_D)) copyFileSync(join(DEBIAN_CONF_D, name), join(confDir, name));
  for (const [name, settings] of Object.entries(confD)) {
    const path = join(confDir, name);
    writeFileSync(path, edit(existsSync(path) ? readFileSync(path, 'utf8') : '', settings));
  }
  return { dir, ini: join(dir, 'php.ini'), confD: confDir };
}

/** Runs php-cli with the fixture's ini (nothing of the system's), `code` after `-r`. */
export function runPhpWithIni(fixture: { dir: string; confD: string }, code: string): string {
  const php = findProgram('php');
  if (!php) throw new Error('php not found');
  const res = spawnSync(php, ['-c', fixture.dir, '-d', 'display_errors=stderr', '-r', code], {
    env: { ...process.env, PHP_INI_SCAN_DIR: fixture.confD },
    encoding: 'utf8',
  });
  if (res.status !== 0 || res.stderr.trim() !== '') throw new Error(`php exited ${res.status}: ${res.stderr}\n${res.stdout.slice(0, 500)}`);
  return res.stdout;
}
