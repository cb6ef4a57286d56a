/**
 * `isauth init [APP_DIR]` (docs/init.md): recognise the application (detect.ts), ask it for its
 * session configuration (laravel.ts, symfony.ts, django.ts; php.ts for php.ini and the pool),
 * print what was found with where each value came from and the option it becomes, write isauth's
 * config file (config-file.ts) and the site's nginx include (nginx-site.ts), then check it live
 * (live-check.ts). `--print-config` prints the config file's JSON on stdout and stops: it writes
 * nothing and asks nothing.
 *
 * Exit status: 0 done; 1 the application or a tool failed (INIT_APP, INIT_COMMAND); 64 bad
 * arguments; 78 the derived configuration does not validate.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { loadConfig } from '../config/load.js';
import { IsauthError } from '../errors.js';
import { INIT_USAGE, parseInitArgs, type InitArgs } from './args.js';
import { holdsSecret, renderConfigJson, writeFileAtomically, writtenOptions } from './config-file.js';
import { initContext } from './context.js';
import type { AppFileRef, Derivation } from './derived.js';
import { detectApp } from './detect.js';
import { inspectApp } from './inspect.js';
import { liveCheck } from './live-check.js';
import { writeNginxSite } from './nginx-site.js';
import { findPhpSetup } from './php.js';
import { fixedAsker, terminalAsker, type Asker } from './prompt.js';
import { renderFindings, renderProblems } from './report.js';
import { isRoot, ownerOf, readableBy, userByName } from './users.js';

export interface InitIo {
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  /** The terminal for questions (process.stdout); undefined: never ask. */
  readonly terminal?: NodeJS.WritableStream & { isTTY?: boolean };
}

import { EXIT } from '../exit.js';

export { EXIT };

function asker(args: InitArgs, io: InitIo): Asker {
  if (args.printConfig || args.yes) return fixedAsker(true);
  if (io.stdin.isTTY && io.terminal?.isTTY) return terminalAsker(io.stdin, io.terminal);
  return fixedAsker(false);
}

/** Who runs the application's tools: --app-user, the pool's user, else APP_DIR's owner; as root only. */
function appUser(args: InitArgs, poolUser: string | undefined): string | undefined {
  const wanted = args.appUser ?? poolUser ?? ownerOf(args.appDir);
  if (!isRoot() || wanted === undefined || wanted === 'root') return undefined;
  if (userByName(wanted) === undefined) throw new IsauthError('INIT_APP', `the application's user "${wanted}" does not exist: give --app-user`);
  return wanted;
}

export async function runInit(argv: readonly string[], env: NodeJS.ProcessEnv, io: InitIo): Promise<number> {
  const args = parseInitArgs(argv, process.cwd());
  if (args.help) {
    io.stdout(`${INIT_USAGE}\n`);
    return EXIT.ok;
  }
  if (args.problems.length > 0) {
    io.stderr(`isauth: CLI_USAGE: ${args.problems.join('; ')}\n${INIT_USAGE}\n`);
    return EXIT.usage;
  }
  try {
    return await init(args, env, io);
  } catch (err) {
    if (err instanceof IsauthError) {
      io.stderr(`isauth: ${err.code}: ${err.message}\n`);
      return EXIT.failed;
    }
    throw err;
  }
}

async function init(args: InitArgs, env: NodeJS.ProcessEnv, io: InitIo): Promise<number> {
  if (!existsSync(args.appDir) || !statSync(args.appDir).isDirectory()) throw new IsauthError('INIT_APP', `${args.appDir} is not a directory`);
  const say = args.printConfig ? (s: string) => io.stderr(`${s}\n`) : (s: string) => io.stdout(`${s}\n`);
  const found = detectApp(args.appDir);
  // --wp-config names WordPress's settings file wherever it is (Debian: /etc/wordpress/config-HOST.php).
  const app = args.wpConfig !== undefined && found.kind === 'php' ? { kind: 'wordpress' as const, evidence: `--wp-config ${args.wpConfig}: WordPress` } : found;
  say(`${args.appDir}: ${app.evidence}`);
  // An option that does not apply to this application is an error, never ignored.
  if (args.appUpstream !== undefined && app.kind !== 'django') throw new IsauthError('INIT_APP', `--app-upstream is for Django (nginx proxies to its application server); ${args.appDir} is ${app.kind}`);
  if (args.wpConfig !== undefined && app.kind !== 'wordpress') throw new IsauthError('INIT_APP', `--wp-config is for WordPress; ${args.appDir} is ${app.kind}`);
  if ((args.phpIni !== undefined || args.phpFpmPool !== undefined) && app.kind === 'django') throw new IsauthError('INIT_APP', '--php-ini and --php-fpm-pool are for PHP applications; this is Django');
  const php = app.kind === 'django' ? undefined : findPhpSetup({ phpIni: args.phpIni, phpFpmPool: args.phpFpmPool, appDir: args.appDir, env });
  for (const n of php?.notes ?? []) say(`note: ${n}`);
  if (php?.ini !== undefined || php?.pool !== undefined) say(`PHP: ${[php.ini && `php.ini ${php.ini}`, php.pool && `php-fpm pool [${php.poolName}] ${php.pool} (user ${php.user ?? '?'}, listen ${php.listen ?? '?'})`].filter(Boolean).join('; ')}`);
  const ask = asker(args, io);
  const ctx = initContext({ appDir: args.appDir, appUser: appUser(args, php?.user), php: args.php, python: args.python, env, say, asker: ask });
  const derived = await inspectApp(app, ctx, php ?? { ini: undefined, pool: undefined, poolName: undefined, user: undefined, listen: undefined, notes: [] }, args);
  if (derived.problems.length > 0) {
    io.stderr(`isauth: INIT_APP: ${derived.problems.length} setting(s) isauth cannot take over:\n${renderProblems(derived)}`);
    return EXIT.failed;
  }
  const reference = referenced(derived.appFile, args.isauthUser, say);
  const json = renderConfigJson(derived.options, reference);
  const problems = validate(json);
  if (problems.length > 0) {
    io.stderr(`isauth: CONFIG_INVALID: the derived configuration has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}\n`).join('')}`);
    return EXIT.config;
  }
  if (args.printConfig) {
    for (const n of derived.notes) say(`note: ${n}`);
    io.stdout(json);
    return EXIT.ok;
  }
  say(`\nFound (isauth option ← where the application sets it):\n${renderFindings(derived)}`);
  const site = args.site ?? (basename(args.appDir).replace(/[^A-Za-z0-9_.-]/g, '_') || 'site');
  const configOut = args.configOut || `/etc/isauth/${site}.json`;
  const written = await writeConfig(configOut, json, writtenOptions(derived.options, reference), args, ask, say);
  const nginx = await writeNginxSite({ app, appDir: args.appDir, site, args, php, ask, say });
  if (!written) return EXIT.failed;
  say(`\nNext: run isauth with it (ISAUTH_CONFIG=${configOut} in /etc/default/isauth, then systemctl restart isauth)${nginx === 'written' ? ', and reload nginx (nginx -t && systemctl reload nginx)' : ''}.`);
  say(`--check-config shows the same origins: isauth --check-config --config ${configOut}`);
  if (!args.noCheck) await liveCheck({ configFile: configOut, args, ask, say });
  if (nginx === 'refused') io.stderr('isauth: INIT_APP: nginx -t refused the include (above); the config file is written\n');
  return nginx === 'refused' ? EXIT.failed : EXIT.ok;
}

/**
 * The application file the config file names instead of copying its values (wp-config.php: the
 * database password and the salts stay in one place, and their changes follow at the next start),
 * when isauth's user can read it; otherwise undefined (the values are copied), with a note.
 */
function referenced(ref: AppFileRef | undefined, isauthUser: string, say: (s: string) => void): AppFileRef | undefined {
  if (ref === undefined) return undefined;
  const user = isRoot() ? userByName(isauthUser) : undefined;
  if (!isRoot() || (user !== undefined && readableBy(ref.path, user))) {
    say(`note: the config file names ${ref.path} ("${ref.key}") instead of copying what it gives: isauth reads it at each start`);
    return ref;
  }
  say(`note: isauth's user "${isauthUser}" cannot read ${ref.path}: its values are copied into the config file instead; to have the file named, let that user read it (chgrp ${isauthUser} FILE; chmod 640 FILE) and run isauth init again`);
  return undefined;
}

/** loadConfig's verdict on the JSON, read as the file it will be (no environment, no flags). */
function validate(json: string): readonly string[] {
  const loaded = loadConfig(['--config', '(isauth init)'], {}, (p) => (p === '(isauth init)' ? json : readFileSync(p, 'utf8')));
  return 'errors' in loaded ? loaded.errors : [];
}

async function writeConfig(path: string, json: string, options: Derivation['options'], args: InitArgs, ask: Asker, say: (s: string) => void): Promise<boolean> {
  const secret = holdsSecret(options);
  const owner = secret && isRoot() ? userByName(args.isauthUser) : undefined;
  if (secret && isRoot() && owner === undefined) throw new IsauthError('INIT_APP', `isauth's user "${args.isauthUser}" does not exist: give --isauth-user`);
  const mode = secret ? `mode 0600, owned by ${owner?.name ?? 'you'} (it holds secrets)` : 'mode 0644';
  if (!(await ask.confirm(`\nWrite isauth's config file ${path} (${mode})?`))) {
    say(`not written; \`isauth init ${args.appDir} --print-config\` prints it`);
    return false;
  }
  writeFileAtomically(path, json, secret, owner);
  say(`wrote ${path} (${mode})`);
  return true;
}
