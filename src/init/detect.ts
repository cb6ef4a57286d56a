/**
 * Which application is in a directory, by the files each framework's skeleton has:
 *   Laravel    artisan + bootstrap/app.php
 *   Symfony    bin/console + config/packages/
 *   Django     manage.py
 *   WordPress  wp-config.php
 *   otherwise  plain PHP (its sessions are PHP's: php.ini and the php-fpm pool say where)
 * Laravel is tested before Symfony (a Laravel app has no bin/console, a Symfony app no artisan).
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

export type AppKind = 'laravel' | 'symfony' | 'django' | 'wordpress' | 'php';

export interface Detected {
  readonly kind: AppKind;
  /** The files that told, for the operator. */
  readonly evidence: string;
}

const isFile = (p: string): boolean => existsSync(p) && statSync(p).isFile();
const isDir = (p: string): boolean => existsSync(p) && statSync(p).isDirectory();

export function detectApp(dir: string): Detected {
  if (isFile(join(dir, 'artisan')) && isFile(join(dir, 'bootstrap/app.php'))) return { kind: 'laravel', evidence: 'artisan and bootstrap/app.php: Laravel' };
  if (isFile(join(dir, 'bin/console')) && isDir(join(dir, 'config/packages'))) return { kind: 'symfony', evidence: 'bin/console and config/packages/: Symfony' };
  if (isFile(join(dir, 'manage.py'))) return { kind: 'django', evidence: 'manage.py: Django' };
  if (isFile(join(dir, 'wp-config.php'))) return { kind: 'wordpress', evidence: 'wp-config.php: WordPress' };
  return { kind: 'php', evidence: 'no Laravel, Symfony, Django or WordPress files: plain PHP (sessions as php.ini and the php-fpm pool say)' };
}
