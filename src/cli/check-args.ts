/**
 * `isauth check` arguments: its own (`SID`, `--show-session`, `--json`, `--help`) taken out, the
 * rest left for the service's loader (src/config/load.ts), so every `serve` option, env var and
 * config file works the same. A token is the SID when it is not an option and not an option's value.
 */
import { FILE_META, META, OPTION_LIST } from '../options/schema.js';

export interface CheckArgs {
  readonly sid: string | undefined;
  readonly showSession: boolean;
  readonly json: boolean;
  readonly help: boolean;
  /** For loadConfig. */
  readonly rest: readonly string[];
  readonly problems: readonly string[];
}

/** Flags that take the next token as their value (unless written `--flag=VALUE`). */
const TAKES_VALUE = new Set([...OPTION_LIST.filter((o) => o.kind !== 'bool').map((o) => o.flag), ...FILE_META.map((k) => META[k].flag)]);

export function splitCheckArgs(argv: readonly string[]): CheckArgs {
  const rest: string[] = [];
  const problems: string[] = [];
  const sids: string[] = [];
  let showSession = false;
  let json = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--show-session') showSession = true;
    else if (a === '--json') json = true;
    else if (a === '--help' || a === '-h') help = true;
    else if (a.startsWith('-') && a !== '-') {
      rest.push(a);
      if (TAKES_VALUE.has(a) && i + 1 < argv.length) rest.push(argv[++i] as string);
    } else sids.push(a);
  }
  if (sids.length > 1) problems.push(`one SID only (got ${sids.length})`);
  if (sids.length === 0 && !help) problems.push('a SID is required');
  return { sid: sids[0], showSession, json, help, rest, problems };
}
