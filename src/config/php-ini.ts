/**
 * PHP's ini dialect (php.ini, conf.d/*.ini, php-fpm pool files), as far as isauth needs it, and
 * the loading order PHP uses: php.ini, then every `*.ini` of the scan directories in name order,
 * then (php-fpm) the pool's `php_value[…]`/`php_flag[…]`, then its `php_admin_value[…]`/
 * `php_admin_flag[…]`; a later setting of a key wins. Nothing is thrown: problems are returned.
 *
 * Syntax (zend_ini_scanner.l): `key = value`; `;` starts a comment outside quotes; `[section]`;
 * double quotes (`\"`, `\\`, `\$` escapes; may span lines), single quotes (raw); `${VAR}` (and
 * PHP 8.3's `${VAR:-default}`) from the environment; adjacent parts concatenate. A whole
 * unquoted value `On`/`Yes`/`True` is "1", `Off`/`No`/`False`/`None`/`Null` is "". `[PATH=…]` and
 * `[HOST=…]` sections apply only to some requests: their keys are skipped with a warning. Not
 * done: constants (`E_ALL`) and expressions (`a|b`) stay text — no session option uses them.
 *
 * Why not the `ini` npm package: it splits section names on dots, knows neither On/Off/None nor
 * `${VAR}` nor multi-line quotes, treats `#` as a comment, and reports no line numbers, which
 * every error here must name.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface IniEntry {
  readonly key: string;
  readonly value: string;
  /** `FILE:LINE`, for origins and errors. */
  readonly at: string;
  /** The `[section]` the key is in ('' before the first). */
  readonly section: string;
}

export interface IniParsed {
  readonly entries: IniEntry[];
  readonly errors: string[];
}

type Env = Readonly<Record<string, string | undefined>>;

const TRUE_WORD = /^(on|yes|true)$/i;
const FALSE_WORD = /^(off|no|false|none|null)$/i;

function expand(name: string, env: Env): string {
  const m = /^([^:]*):-(.*)$/s.exec(name);
  const v = env[m ? m[1]! : name];
  return v === undefined || (m !== null && v === '') ? (m?.[2] ?? '') : v;
}

/** One value from `text[i…]`; returns it and where it ended (`\n` ends it unless inside quotes). */
function scanValue(text: string, start: number, env: Env): { value: string; end: number; error?: string } {
  let out = '';
  let i = start;
  while (text[i] === ' ' || text[i] === '\t') i++;
  let quoted = false;
  let unquoted = '';
  const flushUnquoted = (): void => {
    out += unquoted;
    unquoted = '';
  };
  while (i < text.length && text[i] !== '\n' && text[i] !== ';') {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      flushUnquoted();
      quoted = true;
      const close = c;
      i++;
      while (i < text.length && text[i] !== close) {
        const d = text[i]!;
        if (close === '"' && d === '\\' && i + 1 < text.length && '"\\$'.includes(text[i + 1]!)) {
          out += text[i + 1];
          i += 2;
        } else if (close === '"' && d === '$' && text[i + 1] === '{' && text.indexOf('}', i) > 0) {
          const endVar = text.indexOf('}', i);
          out += expand(text.slice(i + 2, endVar), env);
          i = endVar + 1;
        } else {
          out += d;
          i++;
        }
      }
      if (i >= text.length) return { value: out, end: i, error: `unterminated ${close === '"' ? 'double' : 'single'} quote` };
      i++;
      while (text[i] === ' ' || text[i] === '\t') i++; // PHP drops blanks after a closing quote
    } else if (c === '$' && text[i + 1] === '{' && /^\$\{[^}\n]*\}/.test(text.slice(i, i + 300))) {
      flushUnquoted();
      const endVar = text.indexOf('}', i);
      out += expand(text.slice(i + 2, endVar), env);
      quoted = true;
      i = endVar + 1;
    } else {
      unquoted += c === '\r' ? '' : c;
      i++;
    }
  }
  while (i < text.length && text[i] !== '\n') i++; // a comment runs to the end of the line
  if (!quoted) {
    const word = unquoted.trim();
    return { value: TRUE_WORD.test(word) ? '1' : FALSE_WORD.test(word) ? '' : word, end: i };
  }
  return { value: out + unquoted.trimEnd(), end: i };
}

/** Parses one ini file's text. `file` only labels entries and errors. */
export function parseIni(text: string, file: string, env: Env): IniParsed {
  const entries: IniEntry[] = [];
  const errors: string[] = [];
  let section = '';
  let i = 0;
  let line = 1;
  while (i < text.length) {
    const nl = text.indexOf('\n', i);
    const lineEnd = nl < 0 ? text.length : nl;
    const raw = text.slice(i, lineEnd);
    const trimmed = raw.trim();
    const at = `${file}:${line}`;
    if (trimmed === '' || trimmed.startsWith(';') || trimmed.startsWith('#')) {
      i = lineEnd + 1;
      line++;
      continue;
    }
    if (trimmed.startsWith('[')) {
      const close = trimmed.indexOf(']');
      if (close < 0) errors.push(`${at}: section without "]"`);
      else section = trimmed.slice(1, close).trim();
      i = lineEnd + 1;
      line++;
      continue;
    }
    const eq = raw.indexOf('=');
    const semi = raw.indexOf(';');
    if (eq < 0 || (semi >= 0 && semi < eq)) {
      // A bare key: PHP sets it with no value.
      entries.push({ key: (semi >= 0 ? raw.slice(0, semi) : raw).trim(), value: '', at, section });
      i = lineEnd + 1;
      line++;
      continue;
    }
    const key = raw.slice(0, eq).trim();
    const v = scanValue(text, i + eq + 1, env);
    if (v.error !== undefined) {
      errors.push(`${at}: ${v.error} in the value of ${key}`);
      break;
    }
    if (key === '') errors.push(`${at}: "=" without a key`);
    else entries.push({ key, value: v.value, at, section });
    line += text.slice(i, v.end).split('\n').length;
    i = v.end + 1;
  }
  return { entries, errors };
}

export interface IniIo {
  readFile(path: string): string;
  /** File names in a directory; throws ENOENT when it does not exist. */
  readDir(path: string): string[];
}

export const REAL_IO: IniIo = { readFile: (p) => readFileSync(p, 'utf8'), readDir: (p) => readdirSync(p) };

export interface IniSetting {
  readonly value: string;
  /** `php.ini FILE:LINE` or `php-fpm pool FILE:LINE` — never the value. */
  readonly where: string;
  /** The name as written where it was set (`php_admin_value[session.save_path]`). */
  readonly as: string;
}

export interface LoadedIni {
  readonly settings: Map<string, IniSetting>;
  readonly errors: string[];
  readonly warnings: string[];
}

function code(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? String(e);
}

/**
 * The scan directories: PHP_INI_SCAN_DIR (`:`-separated; an empty entry stands for the default),
 * else the default: `conf.d` next to the php.ini, as Debian builds PHP (`/etc/php/8.2/cli/php.ini`
 * → `/etc/php/8.2/cli/conf.d`). An absent default directory is no error.
 */
function scanDirs(iniPath: string, env: Env): { dir: string; required: boolean }[] {
  const fallback = join(dirname(iniPath), 'conf.d');
  const scan = env.PHP_INI_SCAN_DIR;
  if (scan === undefined) return [{ dir: fallback, required: false }];
  return scan.split(':').map((d) => (d === '' ? { dir: fallback, required: false } : { dir: d, required: true }));
}

function apply(settings: Map<string, IniSetting>, warnings: string[], parsed: IniParsed, label: string): void {
  for (const e of parsed.entries) {
    if (/^(path|host)=/i.test(e.section)) {
      if (/^(session|memcached?|redis)\./.test(e.key)) warnings.push(`${label} ${e.at}: ignoring ${e.key} in [${e.section}] (it applies only to some requests)`);
      continue;
    }
    settings.set(e.key, { value: e.value, where: `${label} ${e.at}`, as: e.key });
  }
}

/** php.ini plus its scan directories, as PHP loads them. */
export function loadPhpIni(iniPath: string, env: Env, io: IniIo = REAL_IO): LoadedIni {
  const settings = new Map<string, IniSetting>();
  const errors: string[] = [];
  const warnings: string[] = [];
  const readOne = (path: string): void => {
    let text: string;
    try {
      text = io.readFile(path);
    } catch (e) {
      errors.push(`--php-ini: ${path} cannot be read: ${code(e)}`);
      return;
    }
    const parsed = parseIni(text, path, env);
    errors.push(...parsed.errors.map((m) => `--php-ini: ${m}`));
    apply(settings, warnings, parsed, 'php.ini');
  };
  readOne(iniPath);
  for (const { dir, required } of scanDirs(iniPath, env)) {
    let names: string[];
    try {
      names = io.readDir(dir);
    } catch (e) {
      if (required || code(e) !== 'ENOENT') errors.push(`--php-ini: scan directory ${dir} cannot be read: ${code(e)}`);
      continue;
    }
    for (const name of names.filter((n) => n.endsWith('.ini')).sort()) readOne(join(dir, name));
  }
  return { settings, errors, warnings };
}

const POOL_KEY = /^php_(admin_)?(value|flag)\[\s*([^\]]+?)\s*\]$/;

/**
 * A php-fpm pool file: its `php_value[…]`/`php_flag[…]` then `php_admin_value[…]`/`php_admin_flag[…]`
 * (php-fpm applies the admin ones last). A file with several pools that set values is an error.
 */
export function loadFpmPool(poolPath: string, env: Env, into: Map<string, IniSetting>, io: IniIo = REAL_IO): string[] {
  let text: string;
  try {
    text = io.readFile(poolPath);
  } catch (e) {
    return [`--php-fpm-pool: ${poolPath} cannot be read: ${code(e)}`];
  }
  const parsed = parseIni(text, poolPath, env);
  const errors = parsed.errors.map((m) => `--php-fpm-pool: ${m}`);
  const defines = parsed.entries.filter((e) => POOL_KEY.test(e.key) && e.section !== 'global');
  const pools = [...new Set(defines.map((e) => e.section))];
  if (pools.length > 1) return [...errors, `--php-fpm-pool: ${poolPath} sets PHP values in several pools (${pools.join(', ')}): give a file with one pool`];
  for (const admin of [false, true]) {
    for (const e of defines) {
      const m = POOL_KEY.exec(e.key)!;
      if ((m[1] !== undefined) !== admin) continue;
      const value = m[2] === 'flag' ? (e.value === '1' ? '1' : '') : e.value;
      into.set(m[3]!, { value, where: `php-fpm pool ${e.at}`, as: e.key });
    }
  }
  return errors;
}
