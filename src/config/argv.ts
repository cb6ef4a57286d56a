import { Invalid, boolean } from '../options/values.js';
import { didYouMean } from '../options/suggest.js';
import { FILE_META, META, OPTION_LIST, type OptionKey } from '../options/schema.js';
import type { Raw, SourceResult } from './raw.js';
import { secretFileBy } from './secret-files.js';

export interface ArgvResult extends SourceResult {
  readonly config: string | undefined;
  readonly phpIni: string | undefined;
  readonly phpFpmPool: string | undefined;
  readonly wpConfig: string | undefined;
  readonly checkConfig: boolean;
  readonly probe: boolean;
  readonly help: boolean;
  readonly version: boolean;
}

const BY_FLAG = new Map(OPTION_LIST.map((o) => [o.flag, o]));
const ALL_FLAGS = [...OPTION_LIST.map((o) => o.flag), ...secretFileBy.flag.keys(), ...Object.values(META).map((m) => m.flag)];

/**
 * Reads `isauth serve` arguments: `--flag VALUE` and `--flag=VALUE`; switches as `--flag`,
 * `--no-flag` or `--flag=true|false`; `-h`, `-V`. A value that starts with `--` must use the
 * `--flag=VALUE` form. A one-value option given twice keeps the last; repeatable ones add up.
 */
export function readArgv(argv: readonly string[]): ArgvResult {
  const values = new Map<OptionKey, Raw>();
  const secretFiles = new Map<OptionKey, Raw>();
  const errors: string[] = [];
  const out = { config: undefined as string | undefined, phpIni: undefined as string | undefined, phpFpmPool: undefined as string | undefined, wpConfig: undefined as string | undefined, checkConfig: false, probe: false, help: false, version: false };
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i] as string;
    if (tok === META.help.short) out.help = true;
    else if (tok === META.version.short) out.version = true;
    else if (!tok.startsWith('--') || tok === '--') errors.push(`unexpected argument ${JSON.stringify(tok)} (options start with --)`);
    else {
      const eq = tok.indexOf('=');
      const flag = eq < 0 ? tok : tok.slice(0, eq);
      const inline = eq < 0 ? undefined : tok.slice(eq + 1);
      const takeValue = (): string | undefined => {
        if (inline !== undefined) return inline;
        const next = argv[i + 1];
        if (next === undefined || next.startsWith('--')) {
          errors.push(`${flag}: needs a value (write ${flag}=VALUE for a value starting with --)`);
          return undefined;
        }
        i++;
        return next;
      };
      const noValue = (): void => {
        if (inline !== undefined) errors.push(`${flag}: takes no value`);
      };
      const def = BY_FLAG.get(flag);
      const negated = flag.startsWith('--no-') ? BY_FLAG.get(`--${flag.slice(5)}`) : undefined;
      const file = FILE_META.find((m) => META[m].flag === flag);
      const secretFile = secretFileBy.flag.get(flag);
      if (file !== undefined) {
        out[file] = takeValue() ?? out[file];
      } else if (secretFile !== undefined) {
        const v = takeValue();
        if (v !== undefined) secretFiles.set(secretFile.of, { value: v, origin: '' });
      } else if (flag === META.help.flag || flag === META.version.flag || flag === META.checkConfig.flag || flag === META.probe.flag) {
        noValue();
        if (flag === META.help.flag) out.help = true;
        else if (flag === META.version.flag) out.version = true;
        else if (flag === META.probe.flag) out.probe = true;
        else out.checkConfig = true;
      } else if (negated?.kind === 'bool') {
        noValue();
        values.set(negated.key, { value: false, origin: '' });
      } else if (def?.kind === 'bool') {
        const v = inline === undefined ? true : boolean(inline);
        if (v instanceof Invalid) errors.push(`${flag}: ${v.message}`);
        else values.set(def.key, { value: v, origin: '' });
      } else if (def) {
        const v = takeValue();
        if (v === undefined) continue;
        const prev = values.get(def.key)?.value;
        const value = def.kind === 'list' ? [...(Array.isArray(prev) ? (prev as string[]) : []), v] : v;
        values.set(def.key, { value, origin: '' });
      } else if (negated) {
        errors.push(`${flag}: ${negated.flag} is not a switch`);
      } else {
        errors.push(`unknown flag ${flag}${didYouMean(flag, ALL_FLAGS)}`);
      }
    }
  }
  return { values, errors, secretFiles, ...out };
}
