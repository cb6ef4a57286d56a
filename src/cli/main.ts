#!/usr/bin/env node
/**
 * `isauth [serve] [options]` — run the service (the default subcommand).
 * `isauth decode [--serializer S] [FILE|-]` — print a PHP session as JSON.
 * `isauth check SID …`, `isauth init [APP_DIR]`, `isauth help [options]`: src/cli/usage.ts.
 *
 * Start-up: each subcommand's module is imported only when it runs (the table below), so
 * `isauth decode` loads the decoder and nothing of the service (no fastify, pino, store clients),
 * and `isauth check` loads the store client of its configured store only
 * (test/integration/cli/startup.test.ts checks the modules each loads).
 */
import { packageVersion } from '../version.js';
import { EXIT } from '../exit.js';
import { USAGE } from './usage.js';

/**
 * serve has shut down gracefully (or never started): exit now rather than wait for handles a
 * library may still hold (a cluster worker's IPC channel, a half-closed socket).
 */
function exitAfter(code: number): never {
  process.exit(code);
}

const io = {
  stdin: process.stdin,
  stdout: (s: string) => void process.stdout.write(s),
  stderr: (s: string) => void process.stderr.write(s),
};

/** Subcommand → how to run it (its module imported on demand). */
const COMMANDS: Readonly<Record<string, (args: string[]) => Promise<number>>> = {
  serve: async (args) => exitAfter(await (await import('./serve.js')).runServe(args, process.env)),
  check: async (args) => exitAfter(await (await import('./check.js')).runCheck(args, process.env, io)),
  decode: async (args) => (await import('./decode.js')).runDecode(args, io),
  init: async (args) => (await import('../init/main.js')).runInit(args, process.env, { ...io, terminal: process.stdout }),
  help: async (args) => {
    if (args[0] === 'options') process.stdout.write((await import('../config/render.js')).renderHelp());
    else process.stdout.write(`${USAGE}\n`);
    return 0;
  },
};

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-V') {
    process.stdout.write(`isauth ${packageVersion()}\n`);
    return 0;
  }
  if (first === undefined || first.startsWith('-')) return (COMMANDS.serve as (a: string[]) => Promise<number>)(argv);
  const command = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
  if (command === undefined) {
    process.stderr.write(`isauth: CLI_USAGE: unknown subcommand "${first}"\n${USAGE}\n`);
    return EXIT.usage;
  }
  return command(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`isauth: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
