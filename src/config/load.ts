import { readFileSync } from 'node:fs';
import { configNotes } from './notes.js';
import { readArgv } from './argv.js';
import { readEnv } from './env.js';
import { readConfigFile, type ReadFile } from './file.js';
import type { Raw } from './raw.js';
import { optionProblems, PROFILES, storeProblems, type FrameworkName } from '../profiles/index.js';
import { OPTIONS, OPTION_LIST, type Config, type OptionDef, type OptionKey } from '../options/schema.js';
import { Invalid } from '../options/values.js';
import { phpIniSource } from './php-ini-map.js';
import { wpConfigSource } from './wp-config-source.js';
import { readSecretFiles } from './secret-files.js';
import { withStorePassword } from '../stores/url-password.js';

export interface Loaded {
  readonly config: Config;
  /** `--check-config`: validate, print a summary, exit 0. */
  readonly checkOnly: boolean;
  /** `--probe` (with --check-config): read the store once. */
  readonly probe: boolean;
  /** Where each value came from: `command line`, `ISAUTH_X`, `key "x" in FILE`, `default`… */
  readonly origins: Readonly<Record<OptionKey, string>>;
  /** `--help`/`-h`: print `renderHelp()` and exit 0 (config is then the defaults, unvalidated input ignored). */
  readonly help: boolean;
  /** `--version`/`-V`: print the version and exit 0 (config is then the defaults). */
  readonly version: boolean;
  /** The config file that was read, if any. */
  readonly configFile: string | undefined;
  /** Harmless oddities worth a log line (e.g. `--socket-mode` with a TCP address). */
  readonly warnings: readonly string[];
  /** Facts worth knowing though nothing is wrong (notes.ts): an info line each at startup, a note in --check-config. */
  readonly notes: readonly string[];
}

/** A profile's default as a Raw value, with its origin for messages. */
function profileDefault(value: string | readonly string[] | undefined, framework: unknown): Raw | undefined {
  return value === undefined ? undefined : { value, origin: ` (default of --framework ${String(framework)})` };
}

export type LoadResult = Loaded | { readonly errors: readonly string[] };

/** Parses one option's effective raw value; `undefined` raw means the default. */
function resolve(def: OptionDef, raw: Raw | undefined, errors: string[]): unknown {
  const where = `${def.flag}${raw?.origin ?? ' (default)'}`;
  switch (def.kind) {
    case 'bool':
      return raw ? raw.value : def.default;
    case 'list': {
      const items = raw ? (raw.value as readonly string[]) : def.default;
      for (const item of items) {
        const problem = def.check(item);
        if (problem !== undefined) errors.push(`${where}: ${problem}`);
      }
      return Object.freeze([...items]);
    }
    case 'value': {
      const v = def.parse(raw ? (raw.value as string) : def.default);
      if (v instanceof Invalid) errors.push(`${where}: ${v.message}`);
      return v;
    }
  }
}

/**
 * Builds the configuration from the command line, the `ISAUTH_*` environment, the JSON config
 * file (`--config FILE` or `ISAUTH_CONFIG`), php.ini (`--php-ini`/`--php-fpm-pool`, php-ini-map.ts),
 * WordPress's wp-config.php (`--wp-config`, wp-config-source.ts),
 * the `--framework` profile's defaults and the defaults, in that order of precedence: for
 * each option the first source that sets it wins (a repeatable option is taken whole from that
 * source, not merged across sources). Returns every problem at once, each naming its flag;
 * the caller prints them and exits 2. Reads nothing but the config file; the result is frozen.
 */
export function loadConfig(argv: readonly string[], env: NodeJS.ProcessEnv, readFile: ReadFile = (p) => readFileSync(p, 'utf8')): LoadResult {
  const parsed = readArgv(argv);
  const help = parsed.help;
  const version = parsed.version;
  // --help and --version must work whatever else is wrong: everything else is then ignored.
  const args = help || version ? readArgv([]) : parsed;
  const fromEnv = help || version ? readEnv({}) : readEnv(env);
  const configFile = args.config ?? fromEnv.config;
  const fromFile = configFile !== undefined ? readConfigFile(configFile, readFile) : undefined;
  // `--app-key-file` and the like become their source's values, so precedence is the value's own.
  for (const src of [args, fromEnv, fromFile]) if (src !== undefined) readSecretFiles(src, readFile);
  const higher = (key: OptionKey): Raw | undefined => args.values.get(key) ?? fromEnv.values.get(key) ?? fromFile?.values.get(key);
  // The application's own files: named by a flag, an env var or the config file (isauth init names wp-config.php there).
  const fileOf = (m: 'phpIni' | 'phpFpmPool' | 'wpConfig'): string | undefined => args[m] ?? fromEnv[m] ?? fromFile?.appFiles[m];
  const fromPhp = phpIniSource(fileOf('phpIni'), fileOf('phpFpmPool'), env, higher);
  const fromWp = wpConfigSource(fileOf('wpConfig'), higher, readFile);
  const errors = [...args.errors, ...fromEnv.errors, ...(fromFile?.errors ?? []), ...(fromPhp?.errors ?? []), ...(fromWp?.errors ?? [])];
  const config: Record<string, unknown> = {};
  const origins: Record<string, string> = {};
  const given = (key: OptionKey): Raw | undefined => higher(key) ?? fromPhp?.values.get(key) ?? fromWp?.values.get(key);
  // The profile first: its defaults stand in for options no source sets.
  const framework = resolve(OPTIONS.framework, given('framework'), errors);
  const profile = typeof framework === 'string' && framework in PROFILES ? PROFILES[framework as FrameworkName] : undefined;
  let defaults: Partial<Record<OptionKey, string | readonly string[]>> = {};
  try {
    defaults = profile?.defaults((k) => {
      const v = given(k)?.value;
      return typeof v === 'string' ? v : undefined;
    }) ?? {};
  } catch (err) {
    errors.push(err instanceof Error ? err.message : String(err));
  }
  for (const def of OPTION_LIST) {
    const raw = given(def.key) ?? profileDefault(defaults[def.key], framework);
    config[def.key] = def.key === 'framework' ? framework : resolve(def, raw, errors);
    origins[def.key] = raw === undefined ? 'default' : raw.origin === '' ? 'command line' : raw.origin.trim().replace(/^\((.*)\)$/, '$1');
  }
  if (errors.length === 0 && (config as Config).storePassword !== '') {
    const c = config as Config;
    const joined = withStorePassword(c.store.spec, c.storePassword);
    if ('error' in joined) errors.push(`--store-password (${origins.storePassword}): ${joined.error}`);
    else config.store = Object.freeze({ url: c.store.url, spec: joined });
  }
  if (errors.length === 0 && profile !== undefined) {
    const name = framework as FrameworkName;
    errors.push(...optionProblems(name, (k) => given(k) !== undefined, (k) => OPTIONS[k].flag));
    errors.push(...storeProblems(profile, name, (config as Config).store.spec));
    const spec = (config as Config).store.spec;
    if (given('decisionCache') !== undefined && spec.kind !== 'files') {
      errors.push(`--decision-cache: applies to a files store only (only files tell an exact identity); the store is ${spec.kind}`);
    }
    if (errors.length === 0 && profile.check) errors.push(...profile.check(config as Config));
  }
  if (errors.length > 0) return Object.freeze({ errors: Object.freeze(errors) });
  const c = Object.freeze(config) as Config;
  const warnings: string[] = [...fromEnv.warnings, ...(fromPhp?.warnings ?? [])];
  const modeSet = [args, fromEnv, fromFile].some((src) => src?.values.has('socketMode'));
  if (modeSet && !('path' in c.listen)) warnings.push('--socket-mode has no effect with a TCP --listen address');
  const frozenOrigins = Object.freeze(origins) as Record<OptionKey, string>;
  const notes = Object.freeze(help || version ? [] : configNotes(c, frozenOrigins));
  return Object.freeze({ config: c, checkOnly: args.checkConfig, probe: args.probe, origins: frozenOrigins, help, version, configFile, warnings: Object.freeze(warnings), notes });
}
