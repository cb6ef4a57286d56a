/**
 * `isauth check SID [every serve option] [--show-session] [--json]` — the decision for one session
 * and why, read ONCE through the service's own runner of the stages (src/pipeline/runner.ts):
 * the id and key, for several memcached servers which server and why, the read's latency, the
 * value's size and flags, the rule and variant that matched (or that none did, with the values
 * the rules looked at), and with --show-session the decoded session (docs/check.md).
 *
 * Exit status: 0 logged in, 1 not logged in, 2 unknown (store or data failed), 64 bad arguments,
 * 78 invalid configuration.
 */
import { EXIT } from '../exit.js';
import { loadConfig, type Loaded } from '../config/load.js';
import { shownStore } from '../options/store.js';
import { assemble } from '../pipeline/assemble.js';
import type { Outcome } from '../pipeline/outcome.js';
import type { Trace } from '../pipeline/trace.js';
import { splitCheckArgs } from './check-args.js';
import { describePlacement } from './check-placement.js';
import { renderJson, renderText, type CheckReport } from './check-report.js';

export interface CheckIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** `check`'s own statuses, with the usage and configuration ones every subcommand shares (exit.ts). */
export const CHECK_EXIT = { loggedIn: 0, loggedOut: 1, unknown: 2, usage: EXIT.usage, config: EXIT.config } as const;

const USAGE = `usage: isauth check SID [serve options] [--show-session] [--json]
  Reads one session the way \`isauth serve\` would and prints the decision and why.
  SID            what the session cookie holds (for PHP's own sessions: the session id)
  --show-session also print the decoded session (JSON, as \`isauth decode\`)
  --json         one JSON object instead of text
  Every \`isauth serve\` option, ISAUTH_* variable and --config file applies (isauth serve --help).
  Exit status: 0 logged in, 1 not logged in, 2 unknown (store or data failed), 64 bad arguments,
  78 invalid configuration.`;

/**
 * The sources that set at least one option, in precedence order: `command line`, each `ISAUTH_*`
 * variable, the `--config` file, the php.ini files. Empty: everything is a built-in default.
 */
export function configSources(loaded: Loaded): string[] {
  const origins = Object.values(loaded.origins).filter((o) => o !== 'default' && !o.startsWith('default of'));
  const out: string[] = [];
  if (origins.includes('command line')) out.push('command line');
  const envs = [...new Set(origins.filter((o) => /^ISAUTH_[A-Z_]+$/.test(o)))].sort();
  if (envs.length > 0) out.push(`environment (${envs.join(', ')})`);
  if (loaded.configFile !== undefined) out.push(`--config ${loaded.configFile}`);
  if (origins.some((o) => /^(php\.ini|php-fpm pool) /.test(o))) out.push('php.ini (--php-ini / --php-fpm-pool)');
  const framework = Object.values(loaded.origins).find((o) => o.startsWith('default of'));
  if (framework !== undefined) out.push(`defaults of --framework ${loaded.config.framework}`);
  return out;
}

const exitFor = (o: Outcome): number => (o.state === '1' ? CHECK_EXIT.loggedIn : o.state === '0' ? CHECK_EXIT.loggedOut : CHECK_EXIT.unknown);

export async function runCheck(argv: readonly string[], env: NodeJS.ProcessEnv, io: CheckIo): Promise<number> {
  const args = splitCheckArgs(argv);
  if (args.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (args.problems.length > 0 || args.sid === undefined) {
    io.stderr(`isauth: CLI_USAGE: ${args.problems.join('; ')}\n${USAGE}\n`);
    return EXIT.usage;
  }
  const loaded = loadConfig(args.rest, env);
  if ('errors' in loaded) {
    io.stderr(`isauth: CONFIG_INVALID: ${loaded.errors.length} problem(s):\n`);
    for (const e of loaded.errors) io.stderr(`  - ${e}\n`);
    return EXIT.config;
  }
  const { config } = loaded;
  const parts = assemble(config);
  // The profile's store spec (its client's placement), as `serve` reads it.
  const spec = parts.storeSpec;
  const store = await parts.openStore();
  try {
    const trace: Trace = {};
    const outcome = await parts.inspectRunner(store).decide(args.sid, trace);
    const { session } = trace;
    const report: CheckReport = {
      outcome,
      trace,
      placement: trace.placeBy === undefined ? undefined : describePlacement(spec, trace.placeBy, parts.inspectStages.keyScheme.placeBy === 'id'),
      serializer: config.serializer,
      explanation: session === undefined ? undefined : parts.rules.explain(session),
      error: trace.error,
      session: args.showSession ? session : undefined,
      store: { url: shownStore(config.store), origin: loaded.origins.store },
      sources: configSources(loaded),
    };
    io.stdout(args.json ? renderJson(report) : renderText(report));
    return exitFor(outcome);
  } finally {
    await store.close();
  }
}
