/**
 * Symfony (`bin/console` + `config/packages/`): `bin/console debug:config framework session` prints
 * the session configuration the application's container was built with (every config file and
 * default merged by Symfony itself). A `%env(NAME)%` in it is resolved by Symfony too:
 * `bin/console debug:container --env-var=NAME` (with APP_DEBUG=1: Symfony lists a container's env
 * vars only for a debug container) prints its processed value. symfony-derive.ts maps the result;
 * PHP's own settings (php.ini, the pool) still decide the serializer, and the store, cookie and
 * lifetime where Symfony leaves them to PHP.
 */
import { IsauthError } from '../errors.js';
import type { InitContext } from './context.js';
import type { Derivation } from './derived.js';
import type { PhpSetup } from './php.js';
import { deriveSymfony } from './symfony-derive.js';

/** One scalar as Symfony's Yaml::dump writes it: null, booleans, numbers, plain, '…' or "…". */
function yamlScalar(raw: string): string | number | boolean | null {
  const v = raw.trim();
  if (v === 'null' || v === '~' || v === '') return null;
  if (v === 'true' || v === 'false') return v === 'true';
  if (/^-?\d+$/.test(v)) return Number(v);
  if (v.startsWith("'")) {
    if (!v.endsWith("'") || v.length < 2) throw new IsauthError('INIT_COMMAND', `debug:config printed a value isauth cannot read: ${v.slice(0, 80)}`);
    return v.slice(1, -1).replace(/''/g, "'");
  }
  if (v.startsWith('"')) {
    try {
      return JSON.parse(v) as string;
    } catch {
      throw new IsauthError('INIT_COMMAND', `debug:config printed a value isauth cannot read: ${v.slice(0, 80)}`);
    }
  }
  return v;
}

/** `debug:config framework session`'s YAML: one flat mapping of scalars after the title. */
export function parseSessionConfig(out: string): Record<string, string | number | boolean | null> {
  const doc: Record<string, string | number | boolean | null> = {};
  for (const line of out.split('\n')) {
    const m = /^([a-z_]+):(?: (.*))?$/.exec(line);
    if (m) doc[m[1]!] = yamlScalar(m[2] ?? '');
  }
  if (!('handler_id' in doc)) throw new IsauthError('INIT_COMMAND', `bin/console debug:config framework session printed no handler_id: ${out.trim().slice(0, 300)}`);
  return doc;
}

/** The "Processed value" of `debug:container --env-var=NAME`. */
export function parseEnvVar(out: string, name: string): string {
  const m = /^\s*Processed value\s+(.*?)\s*$/m.exec(out);
  const v = m?.[1];
  if (v === undefined || v === 'n/a') throw new IsauthError('INIT_APP', `Symfony has no value for the environment variable ${name}`);
  return v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
}

const ENV = /^%env\((?:[a-z]+:)*([A-Za-z_][A-Za-z0-9_]*)\)%$/;

export async function inspectSymfony(ctx: InitContext, php: PhpSetup): Promise<Derivation> {
  const out = await ctx.tool([ctx.php, 'bin/console', 'debug:config', 'framework', 'session', '--no-ansi'], "To read Symfony's own session configuration");
  const session = parseSessionConfig(out);
  const resolved: Record<string, string> = {};
  for (const key of ['handler_id', 'save_path', 'name']) {
    const v = session[key];
    const m = typeof v === 'string' ? ENV.exec(v) : null;
    if (m === null) continue;
    const name = m[1]!;
    const envOut = await ctx.tool(
      [ctx.php, 'bin/console', 'debug:container', `--env-var=${name}`, '--no-ansi'],
      `framework.session.${key} is ${v}; to read its value as Symfony resolves it`,
      { APP_DEBUG: '1' },
    );
    resolved[key] = parseEnvVar(envOut, name);
  }
  return deriveSymfony({ session, resolved }, php, ctx.env);
}
