import { Invalid, boolean } from '../options/values.js';
import { didYouMean } from '../options/suggest.js';
import { FILE_META, META, OPTION_LIST, type OptionKey } from '../options/schema.js';
import { itemsPerLine, type Raw, type SourceResult } from './raw.js';
import { secretFileBy } from './secret-files.js';

const BY_ENV = new Map(OPTION_LIST.map((o) => [o.env, o]));
const ALL_ENV = [...BY_ENV.keys(), ...secretFileBy.env.keys(), ...FILE_META.map((m) => META[m].env)];

/**
 * A repeatable option's env var: a JSON array of strings when it starts with `[`
 * (`["@laravel","user|id!=null"]`, one line for systemd/docker), otherwise one item per line.
 * Lines are trimmed and blank lines skipped. Commas never separate: rule values may hold them.
 */
export function splitList(text: string): readonly string[] | Invalid {
  if (text.trimStart().startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return new Invalid('starts with [ but is not a JSON array of strings');
    }
    if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) return new Invalid('must be a JSON array of strings');
    return parsed as string[];
  }
  return itemsPerLine(text);
}

/**
 * Reads every `ISAUTH_*` variable; `ISAUTH_CONFIG` names the config file. Unknown names are
 * WARNINGS, not errors (with a "did you mean"): Kubernetes injects `ISAUTH_PORT`,
 * `ISAUTH_SERVICE_HOST`, `ISAUTH_PORT_9180_TCP…` into every pod of a namespace with a Service
 * named `isauth`, and that must not stop the service. Unknown flags and file keys stay errors.
 */
export function readEnv(env: NodeJS.ProcessEnv): SourceResult & Record<(typeof FILE_META)[number], string | undefined> & { warnings: string[] } {
  const values = new Map<OptionKey, Raw>();
  const secretFiles = new Map<OptionKey, Raw>();
  const errors: string[] = [];
  const warnings: string[] = [];
  const files: Record<(typeof FILE_META)[number], string | undefined> = { config: undefined, phpIni: undefined, phpFpmPool: undefined, wpConfig: undefined };
  for (const name of Object.keys(env).sort()) {
    const text = env[name];
    if (!name.startsWith('ISAUTH_') || text === undefined) continue;
    const file = FILE_META.find((m) => META[m].env === name);
    if (file !== undefined) {
      files[file] = text;
      continue;
    }
    const secretFile = secretFileBy.env.get(name);
    if (secretFile !== undefined) {
      secretFiles.set(secretFile.of, { value: text, origin: ` (${name})` });
      continue;
    }
    const def = BY_ENV.get(name);
    if (!def) {
      warnings.push(`ignoring unknown environment variable ${name}${didYouMean(name, ALL_ENV)}`);
      continue;
    }
    const origin = ` (${name})`;
    const value = def.kind === 'bool' ? boolean(text) : def.kind === 'list' ? splitList(text) : text;
    if (value instanceof Invalid) errors.push(`${def.flag}${origin}: ${value.message}`);
    else values.set(def.key, { value, origin });
  }
  return { values, errors, secretFiles, ...files, warnings };
}
