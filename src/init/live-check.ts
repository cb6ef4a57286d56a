/**
 * The end of `isauth init`: the written configuration, tried for real, the way the service will
 * run it — isauth's own commands, as isauth's user (`runuser -u www-data --` when run as root),
 * so a config file that user cannot read shows up here and not at the first page:
 *   1. `isauth --check-config --probe --config FILE`: the store answers;
 *   2. a real session: `--cookie-value`, else the newest one in the store where the store can
 *      list (newest-session.ts; for Laravel the cookie is built from its id with the app key), else
 *      one pasted by the operator;
 *   3. `isauth check COOKIE --config FILE`: the trace of how that session is decided.
 */
import { spawnSync } from 'node:child_process';
import { loadConfig } from '../config/load.js';
import { assemble } from '../pipeline/assemble.js';
import { shippedCli } from '../version.js';
import type { InitArgs } from './args.js';
import { laravelCookieFor } from './laravel-cookie.js';
import { newestSession } from './newest-session.js';
import type { Asker } from './prompt.js';
import { describeCommand, shellQuote } from './run.js';
import { isRoot } from './users.js';

/** The isauth command line of this installation (package.json's bin). */
const CLI = shippedCli();

export interface LiveCheckOptions {
  readonly configFile: string;
  readonly args: InitArgs;
  readonly ask: Asker;
  readonly say: (s: string) => void;
}

function isauth(args: readonly string[], user: string | undefined): { status: number | null; out: string } {
  const argv = [process.execPath, CLI, ...args];
  const [program, ...rest] = user === undefined ? argv : ['runuser', '-u', user, '--', ...argv];
  const r = spawnSync(program as string, rest, { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, timeout: 60_000 });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? r.error.message : ''}` };
}

/** The session cookie to check, and where it came from; undefined when there is none. */
async function sessionCookie(o: LiveCheckOptions): Promise<{ value: string; from: string } | undefined> {
  if (o.args.cookieValue !== undefined) return { value: o.args.cookieValue, from: '--cookie-value' };
  const loaded = loadConfig(['--config', o.configFile], {});
  if ('errors' in loaded) return undefined;
  const { config } = loaded;
  const parts = assemble(config);
  const newest = await newestSession(parts.storeSpec, parts.inspectStages.keyScheme.key(''));
  if ('id' in newest) {
    const value = config.framework === 'laravel' ? laravelCookieFor(newest.id, config.cookie, config.appKey[0] as string) : newest.id;
    return { value, from: `${newest.where}${config.framework === 'laravel' ? ' (its cookie made with the app key)' : ''}` };
  }
  o.say(`no session listed: ${newest.none}`);
  const pasted = await o.ask.line(`Paste a ${config.cookie} cookie value from a browser to check it (empty to skip): `);
  return pasted === '' ? undefined : { value: pasted, from: 'pasted' };
}

export async function liveCheck(o: LiveCheckOptions): Promise<void> {
  const user = isRoot() ? o.args.isauthUser : undefined;
  const as = user === undefined ? '' : ` (as ${user})`;
  o.say(`\nLive check${as}:`);
  const probe = isauth(['--check-config', '--probe', '--config', o.configFile], user);
  o.say(`$ ${describeCommand({ argv: ['isauth', '--check-config', '--probe', '--config', o.configFile], cwd: '.', user }).replace(/^cd \. && /, '')}`);
  // The values init wrote and what the store said (the built-in defaults, unchanged, are left out).
  o.say(probe.out.trimEnd().split('\n').filter((l) => !/ {3}← default$/.test(l)).join('\n'));
  if (probe.status !== 0) {
    o.say('the store did not answer: fix that first (isauth answers bypass meanwhile, so pages come from the application)');
    return;
  }
  const cookie = await sessionCookie(o);
  if (cookie === undefined) {
    o.say('no session to check; later: isauth check COOKIE_VALUE --config ' + shellQuote(o.configFile));
    return;
  }
  o.say(`\nA session (${cookie.from}):`);
  o.say(`$ ${user === undefined ? '' : `runuser -u ${user} -- `}isauth check '…' --config ${shellQuote(o.configFile)}`);
  o.say(isauth(['check', cookie.value, '--config', o.configFile], user).out.trimEnd());
}
