/**
 * The PHP that serves the application: its php.ini and php-fpm pool (`--php-ini`/`--php-fpm-pool`,
 * else Debian's layout /etc/php/VERSION/fpm/php.ini and pool.d/*.conf), read with isauth's own
 * php.ini reader (src/config/php-ini*.ts, the same as `isauth serve --php-ini`). From the pool:
 * its user (who runs the application), and its `listen` (where nginx sends PHP requests). For a
 * plain PHP application the session options come from here too.
 *
 * Several pools: the one whose file names the application's directory, else the only one, else
 * Debian's `www`; the choice is said. Several PHP versions: the newest, said too.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readPhpIni } from '../config/php-ini-map.js';
import { parseIni } from '../config/php-ini.js';
import { DerivationBuilder, type Derivation } from './derived.js';

export interface PhpSetup {
  readonly ini: string | undefined;
  readonly pool: string | undefined;
  /** The pool's section name. */
  readonly poolName: string | undefined;
  /** The pool's `user`. */
  readonly user: string | undefined;
  /** The pool's `listen`: a socket path or host:port. */
  readonly listen: string | undefined;
  /** How they were chosen, for the operator. */
  readonly notes: readonly string[];
}

interface PoolFile {
  readonly path: string;
  readonly name: string;
  readonly user: string | undefined;
  readonly listen: string | undefined;
  readonly text: string;
}

function readPool(path: string, env: NodeJS.ProcessEnv): PoolFile | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const { entries } = parseIni(text, path, env);
  const pools = [...new Set(entries.map((e) => e.section).filter((s) => s !== '' && s !== 'global'))];
  if (pools.length !== 1) return undefined;
  const name = pools[0] as string;
  const get = (key: string): string | undefined => entries.filter((e) => e.section === name && e.key === key).at(-1)?.value;
  return { path, name, user: get('user'), listen: get('listen'), text };
}

function newestFpmIni(root = '/etc/php'): { ini: string | undefined; versions: string[] } {
  let versions: string[] = [];
  try {
    versions = readdirSync(root).filter((v) => /^\d+\.\d+$/.test(v) && existsSync(join(root, v, 'fpm/php.ini')));
  } catch {
    /* no PHP here */
  }
  versions.sort((a, b) => Number(a.split('.')[0]) - Number(b.split('.')[0]) || Number(a.split('.')[1]) - Number(b.split('.')[1]));
  const v = versions.at(-1);
  return { ini: v === undefined ? undefined : join(root, v, 'fpm/php.ini'), versions };
}

export function findPhpSetup(o: { phpIni?: string | undefined; phpFpmPool?: string | undefined; appDir: string; env: NodeJS.ProcessEnv }): PhpSetup {
  const notes: string[] = [];
  let ini = o.phpIni;
  if (ini === undefined) {
    const found = newestFpmIni();
    ini = found.ini;
    if (ini === undefined) notes.push('no php-fpm php.ini under /etc/php/*/fpm/: PHP\'s own defaults assumed (give --php-ini)');
    else if (found.versions.length > 1) notes.push(`several PHP versions (${found.versions.join(', ')}): using ${ini} (give --php-ini for another)`);
  }
  let pool: PoolFile | undefined;
  if (o.phpFpmPool !== undefined) {
    pool = readPool(o.phpFpmPool, o.env);
    if (pool === undefined) notes.push(`${o.phpFpmPool}: not one php-fpm pool; its user and listen are not known`);
  } else if (ini !== undefined) {
    const dir = join(dirname(ini), 'pool.d');
    let files: string[] = [];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith('.conf')).sort();
    } catch {
      /* no pools */
    }
    const pools = files.map((f) => readPool(join(dir, f), o.env)).filter((p): p is PoolFile => p !== undefined);
    const naming = pools.filter((p) => p.text.includes(o.appDir));
    pool = naming.length === 1 ? naming[0] : pools.length === 1 ? pools[0] : pools.find((p) => p.name === 'www');
    if (pool !== undefined && pools.length > 1) notes.push(`several php-fpm pools in ${dir}: using [${pool.name}] (${pool.path}); give --php-fpm-pool for another`);
    if (pool === undefined && pools.length > 1) notes.push(`several php-fpm pools in ${dir}, none chosen: give --php-fpm-pool`);
  }
  return { ini, pool: pool?.path, poolName: pool?.name, user: pool?.user, listen: pool?.listen, notes };
}

/**
 * A plain PHP application's options from php.ini and the pool, exactly as `isauth serve
 * --php-ini/--php-fpm-pool` would derive them (store, serializer, cookie, max-age), with the same
 * origins (file, line, key).
 */
export function derivePhpSessions(setup: PhpSetup, env: NodeJS.ProcessEnv, only?: ReadonlySet<string>): Derivation {
  const b = new DerivationBuilder();
  if (setup.ini === undefined && setup.pool === undefined) {
    b.note("no php.ini or php-fpm pool: isauth's defaults stand (PHP's files handler in /var/lib/php/sessions, cookie PHPSESSID, serializer php)");
    return b.build();
  }
  const r = readPhpIni(setup.ini, setup.pool, env, (k) => only !== undefined && !only.has(k));
  for (const e of r.errors) b.problem(e);
  for (const w of r.warnings) b.note(w);
  for (const [key, raw] of r.values) b.set(key, raw.value as string, raw.origin.trim().replace(/^\((.*)\)$/, '$1'));
  return b.build();
}
