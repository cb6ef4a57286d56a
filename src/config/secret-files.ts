/**
 * `--app-key-file FILE` and the other secret files (SECRET_FILES in src/options/schema.ts): each
 * source (flags, env vars, config file) names files; here they become that source's values, so
 * precedence between sources stays as for the value itself. Problems are listed, never thrown,
 * and never quote the file's text.
 */
import { OPTIONS, SECRET_FILES } from '../options/schema.js';
import { itemsPerLine, type SourceResult } from './raw.js';

/** A secret is a key, a salt, a password: more than this is not one (and is not read whole into a message). */
const MAX_SECRET_FILE = 65_536;

/** Reads a file's text (readFileSync in service; a fake in unit tests). */
type ReadFile = (path: string) => string;

const BY_OF = new Map(SECRET_FILES.map((f) => [f.of, f]));

/**
 * Reads the files `src.secretFiles` names into `src.values`. `via` is what named each file
 * (`--app-key-file`, `ISAUTH_APP_KEY_FILE`, `key "appKeyFile" in FILE`), for origins and messages.
 */
export function readSecretFiles(src: SourceResult, readFile: ReadFile): void {
  for (const [of, ref] of src.secretFiles ?? []) {
    const def = OPTIONS[of];
    const file = BY_OF.get(of);
    if (file === undefined) continue; // not a secret: the readers only collect SECRET_FILES
    const path = ref.value as string;
    const where = `${file.flag}${ref.origin}`;
    if (src.values.has(of)) {
      src.errors.push(`${where}: ${def.flag} is given in the same place; give one of them`);
      continue;
    }
    if (!path.startsWith('/')) {
      src.errors.push(`${where}: must be an absolute path (the service's working directory is not yours)`);
      continue;
    }
    let text: string;
    try {
      text = readFile(path);
    } catch (e) {
      src.errors.push(`${where}: ${path} cannot be read: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
      continue;
    }
    if (text.length > MAX_SECRET_FILE) {
      src.errors.push(`${where}: ${path} holds more than ${MAX_SECRET_FILE} characters; is it the right file?`);
      continue;
    }
    const body = text.replace(/\r?\n$/, '');
    const origin = ` (${path}, from ${ref.origin === '' ? file.flag : ref.origin.trim().replace(/^\((.*)\)$/, '$1')})`;
    if (def.kind === 'list') {
      const items = itemsPerLine(body);
      if (items.length === 0) src.errors.push(`${where}: ${path} is empty`);
      else src.values.set(of, { value: items, origin });
    } else if (body === '') src.errors.push(`${where}: ${path} is empty`);
    else if (/[\r\n]/.test(body)) src.errors.push(`${where}: ${path} holds several lines; ${def.flag} is one value, the file's one line`);
    else src.values.set(of, { value: body, origin });
  }
}

/** The secret-file option a name belongs to, by flag, env var or file key. */
export const secretFileBy = {
  flag: new Map(SECRET_FILES.map((f) => [f.flag, f])),
  env: new Map(SECRET_FILES.map((f) => [f.env, f])),
  key: new Map(SECRET_FILES.map((f) => [f.key, f])),
} as const;

