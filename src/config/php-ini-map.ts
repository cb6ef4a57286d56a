/**
 * `--php-ini FILE` / `--php-fpm-pool FILE`: PHP's session settings → isauth options (a config
 * source below the JSON config file and above `--framework` defaults). Only options that no
 * higher source sets are derived, so an unsupported handler is no error when `--store` is given.
 * Errors and origins name the ini file and line, never a value (save_path may hold a password).
 *
 *   session.save_handler + session.save_path (+ the handler's own keys) → --store (php-ini-stores.ts)
 *   session.serialize_handler → --serializer     session.name → --cookie
 *   session.gc_maxlifetime → --max-age
 */
import { loadFpmPool, loadPhpIni, REAL_IO, type IniIo, type IniSetting } from './php-ini.js';
import { memcacheUrl, memcachedUrl, redisClusterUrl, redisUrl, type PhpLookup } from './php-ini-stores.js';
import { PROFILES, type FrameworkName } from '../profiles/index.js';
import type { OptionKey } from '../options/schema.js';
import type { Raw } from './raw.js';

export interface PhpIniSource {
  readonly values: Map<OptionKey, Raw>;
  readonly errors: string[];
  readonly warnings: string[];
}

type Env = Readonly<Record<string, string | undefined>>;

/** `php.ini /etc/php/8.2/cli/php.ini:1345: session.save_handler` — one per setting used. */
function originOf(used: readonly IniSetting[]): string {
  return ` (${used.map((s) => `${s.where}: ${s.as}`).join(', ')})`;
}

const SIMPLE: readonly [OptionKey, string][] = [
  ['cookie', 'session.name'],
  ['serializer', 'session.serialize_handler'],
  ['maxAge', 'session.gc_maxlifetime'],
];

/** files: save_path `[N;[MODE;]]/dir`; empty = PHP's temporary directory (sys_temp_dir, else /tmp). */
function filesUrl(php: PhpLookup): string | undefined {
  const path = php.get('session.save_path');
  if (path === undefined) return undefined; // PHP's compiled-in default; isauth's default is Debian's
  if (path !== '') return `files:${path}`;
  return `files:${php.get('sys_temp_dir') || '/tmp'}`;
}

function storeFromPhp(php: PhpLookup, warnings: string[]): string | { error: string } | undefined {
  const handler = php.get('session.save_handler') ?? 'files';
  const handlerAt = php.at('session.save_handler');
  switch (handler) {
    case 'files': {
      const url = filesUrl(php);
      if (url === undefined) warnings.push("--php-ini: session.save_path is not set: PHP then uses its compiled-in default; isauth keeps its default (Debian's /var/lib/php/sessions)");
      return url;
    }
    case 'memcached':
      return memcachedUrl(php, warnings);
    case 'memcache':
      return memcacheUrl(php);
    case 'redis':
      return redisUrl(php);
    case 'rediscluster':
      return redisClusterUrl(php);
    default:
      return {
        error: `session.save_handler = ${JSON.stringify(handler)} (${handlerAt}): isauth reads the files, memcached, memcache, redis and rediscluster handlers; for a custom handler give --store with ?key= (docs/configuration.md)`,
      };
  }
}

/**
 * Reads the php.ini (with its scan directories) and the pool file, and derives the options that
 * `isSet` says no higher source gives. `env` supplies PHP_INI_SCAN_DIR and `${VAR}` values.
 */
export function readPhpIni(iniPath: string | undefined, poolPath: string | undefined, env: Env, isSet: (key: OptionKey) => boolean, io: IniIo = REAL_IO): PhpIniSource {
  const values = new Map<OptionKey, Raw>();
  const loaded = iniPath !== undefined ? loadPhpIni(iniPath, env, io) : { settings: new Map<string, IniSetting>(), errors: [], warnings: [] };
  const errors = [...loaded.errors];
  const warnings = [...loaded.warnings];
  if (poolPath !== undefined) errors.push(...loadFpmPool(poolPath, env, loaded.settings, io));
  if (errors.length > 0) return { values, errors, warnings };
  const used: IniSetting[] = [];
  const php: PhpLookup = {
    get(key) {
      const s = loaded.settings.get(key);
      if (s !== undefined && !used.includes(s)) used.push(s);
      return s?.value;
    },
    at: (key) => loaded.settings.get(key)?.where ?? 'not set',
  };
  for (const [option, key] of SIMPLE) {
    const s = loaded.settings.get(key);
    if (s !== undefined && !isSet(option)) values.set(option, { value: s.value, origin: originOf([s]) });
  }
  if (!isSet('store')) {
    const url = storeFromPhp(php, warnings);
    if (typeof url === 'object') errors.push(`--php-ini: ${url.error}`);
    else if (url !== undefined) values.set('store', { value: url, origin: originOf(used) });
  }
  return { values, errors, warnings };
}


/**
 * The php.ini source for loadConfig, or undefined without `--php-ini`/`--php-fpm-pool`.
 * `higher(key)` is what the command line, the environment or the config file set.
 */
export function phpIniSource(iniPath: string | undefined, poolPath: string | undefined, env: Env, higher: (key: OptionKey) => Raw | undefined, io: IniIo = REAL_IO): PhpIniSource | undefined {
  if (iniPath === undefined && poolPath === undefined) return undefined;
  const framework = higher('framework')?.value;
  // Frameworks that keep sessions their own way: PHP's session.* settings do not describe them.
  if (typeof framework === 'string' && Object.hasOwn(PROFILES, framework) && !PROFILES[framework as FrameworkName].phpSessions) {
    return { values: new Map(), warnings: [], errors: [`--php-ini: --framework ${framework} does not keep its sessions through PHP's session module, so php.ini's session settings do not apply; give --store and --cookie`] };
  }
  return readPhpIni(iniPath, poolPath, env, (k) => higher(k) !== undefined, io);
}
