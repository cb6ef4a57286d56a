/**
 * What every `isauth init` route gets: the application's directory, who runs it, the programs to
 * use, a way to talk to the operator, and `tool()` — describe a command exactly, ask, run it as
 * the application's user, and hand back its output (or an INIT_COMMAND error saying why not).
 */
import { IsauthError } from '../errors.js';
import type { Asker } from './prompt.js';
import { describeCommand, runCommand, tail, type Command } from './run.js';

export interface InitContext {
  readonly appDir: string;
  /** `runuser -u` target; undefined: isauth init's own user. */
  readonly appUser: string | undefined;
  /** The PHP CLI (`--php`, default `php`) and Python (`--python`, default `python3`). */
  readonly php: string;
  readonly python: string;
  readonly env: NodeJS.ProcessEnv;
  /** A line for the operator (stderr with --print-config, stdout otherwise). */
  say(text: string): void;
  /** Describes, asks, runs; resolves to stdout. Throws INIT_COMMAND when declined or failed. */
  tool(argv: readonly string[], why: string, env?: Readonly<Record<string, string>>): Promise<string>;
}

export interface ContextOptions {
  readonly appDir: string;
  readonly appUser: string | undefined;
  readonly php: string;
  readonly python: string;
  readonly env: NodeJS.ProcessEnv;
  readonly say: (text: string) => void;
  readonly asker: Asker;
  readonly timeoutMs?: number;
}

export function initContext(o: ContextOptions): InitContext {
  return {
    appDir: o.appDir,
    appUser: o.appUser,
    php: o.php,
    python: o.python,
    env: o.env,
    say: o.say,
    async tool(argv, why, env) {
      const command: Command = { argv, cwd: o.appDir, user: o.appUser, ...(env && { env }) };
      const text = describeCommand(command);
      o.say(`${why}, isauth init runs${o.appUser === undefined ? '' : ` as ${o.appUser}`}:\n  ${text.replace(/\n/g, '\n  ')}`);
      if (!(await o.asker.confirm('Run it?'))) {
        throw new IsauthError('INIT_COMMAND', `not run (answer yes, or pass --yes): ${text.split('\n')[0]}`);
      }
      const r = await runCommand(command, o.timeoutMs, o.env);
      if (r.aborted !== undefined || r.status !== 0) {
        const why2 = r.aborted ?? (r.status === null ? 'could not start' : `exited with status ${r.status}`);
        throw new IsauthError('INIT_COMMAND', `${argv.slice(0, 2).join(' ')} … ${why2}${r.stderr.trim() ? `:\n${tail(r.stderr)}` : ''}`);
      }
      return r.stdout;
    },
  };
}
