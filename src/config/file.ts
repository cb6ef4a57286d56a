import { didYouMean } from '../options/suggest.js';
import { FILE_META, OPTION_LIST, type OptionKey } from '../options/schema.js';
import type { Raw, SourceResult } from './raw.js';
import { secretFileBy } from './secret-files.js';

export type ReadFile = (path: string) => string;

const BY_KEY = new Map(OPTION_LIST.map((o) => [o.key as string, o]));

/** The application's own files a config file may name (`"wpConfig": "/etc/wordpress/config-blog.php"`). */
const APP_FILES = FILE_META.filter((m) => m !== 'config');
export type AppFileKey = (typeof APP_FILES)[number];

/** What the config file read: its values, and the application files it names. */
export interface ConfigFileResult extends SourceResult {
  readonly appFiles: Partial<Record<AppFileKey, string>>;
}

/** The file key that says where the other keys' values came from (written by `isauth init`). */
export const ORIGINS_KEY = '$origins';

/** `"$origins": {"store": "Laravel config('session.driver') …"}` — checked, then kept for origins. */
function readOrigins(v: unknown, path: string, errors: string[]): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    errors.push(`--config: "${ORIGINS_KEY}" in ${path} must be an object of strings, one per option key`);
    return out;
  }
  for (const [key, text] of Object.entries(v)) {
    if (!BY_KEY.has(key) && !(APP_FILES as readonly string[]).includes(key)) errors.push(`--config: "${ORIGINS_KEY}" in ${path} names an unknown key ${JSON.stringify(key)}${didYouMean(key, [...BY_KEY.keys()])}`);
    else if (typeof text !== 'string' || text.length > 1000 || /[\x00-\x1f]/.test(text)) errors.push(`--config: "${ORIGINS_KEY}.${key}" in ${path} must be one line of text`);
    else out.set(key, text);
  }
  return out;
}

/**
 * Reads the `--config` JSON file: one object whose keys are the options' file keys (camelCase,
 * e.g. `"maxSessionBytes": 2097152`). Values: strings for one-value options (integers may also be
 * JSON numbers), `true`/`false` for switches, arrays of strings for repeatable options.
 * Unknown keys are errors, like oauth2-proxy. `"$origins"` (optional, written by `isauth init`)
 * maps keys to where their values came from; `--check-config` shows it after the file's name.
 * Problems are returned, never thrown.
 */
export function readConfigFile(path: string, readFile: ReadFile): ConfigFileResult {
  const values = new Map<OptionKey, Raw>();
  const secretFiles = new Map<OptionKey, Raw>();
  const appFiles: Partial<Record<AppFileKey, string>> = {};
  const errors: string[] = [];
  let doc: unknown;
  try {
    doc = JSON.parse(readFile(path));
  } catch (e) {
    const why = e instanceof SyntaxError ? `not valid JSON: ${e.message}` : `cannot be read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`;
    return { values, appFiles, errors: [`--config: ${path} ${why}`] };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return { values, appFiles, errors: [`--config: ${path} must hold a JSON object`] };
  }
  const origins = ORIGINS_KEY in doc ? readOrigins((doc as Record<string, unknown>)[ORIGINS_KEY], path, errors) : new Map<string, string>();
  for (const [key, v] of Object.entries(doc)) {
    if (key === ORIGINS_KEY) continue;
    const def = BY_KEY.get(key);
    if (key === 'config') {
      errors.push(`--config: ${path} cannot name another config file (key "config")`);
      continue;
    }
    const appFile = APP_FILES.find((m) => m === key);
    if (appFile !== undefined) {
      if (typeof v === 'string' && v.startsWith('/')) appFiles[appFile] = v;
      else errors.push(`--config: "${key}" in ${path} must be a string, the file's absolute path`);
      continue;
    }
    const secretFile = secretFileBy.key.get(key);
    if (secretFile !== undefined) {
      if (typeof v === 'string') secretFiles.set(secretFile.of, { value: v, origin: ` (key "${key}" in ${path})` });
      else errors.push(`${secretFile.flag} (key "${key}" in ${path}): must be a string, the file's path`);
      continue;
    }
    if (!def) {
      errors.push(`--config: unknown key ${JSON.stringify(key)} in ${path}${didYouMean(key, [...BY_KEY.keys(), ...secretFileBy.key.keys(), ...APP_FILES])}`);
      continue;
    }
    const from = origins.get(key);
    const origin = ` (key "${key}" in ${path}${from === undefined ? '' : `: ${from}`})`;
    let value: Raw['value'] | undefined;
    if (def.kind === 'bool') value = typeof v === 'boolean' ? v : undefined;
    else if (def.kind === 'list') value = Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
    else value = typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
    const want = def.kind === 'bool' ? 'true or false' : def.kind === 'list' ? 'an array of strings' : 'a string';
    if (value === undefined) errors.push(`${def.flag}${origin}: must be ${want} (got ${def.secret ? `a ${typeof v}` : JSON.stringify(v)})`);
    else values.set(def.key, { value, origin });
  }
  return { values, errors, secretFiles, appFiles };
}
