#!/usr/bin/env node
/**
 * `isauth [serve] [options]` — run the service (the default subcommand).
 * `isauth decode [--serializer S] [FILE|-]` — print a PHP session as JSON.
 * `isauth check SID …`, `isauth help [options]`: src/cli/usage.ts.
 */
import { runCheck } from './check.js';
import { runDecode } from './decode.js';
import { runServe } from './serve.js';
import { packageVersion } from './version.js';
import { USAGE } from './usage.js';




/**
 * serve has shut down gracefully (or never started): exit now rather than wait for handles a
 * library may still hold (a cluster worker's IPC channel, a half-closed socket).
 */
function exitAfter(code: number): never {
  process.exit(code);
}

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first.startsWith('-')) {
    if (first === '--version' || first === '-V') {
      process.stdout.write(`isauth ${packageVersion()}\n`);
      return 0;
    }
    return exitAfter(await runServe(argv, process.env));
  }
  switch (first) {
    case 'serve':
      return exitAfter(await runServe(rest, process.env));
    case 'check':
      return exitAfter(await runCheck(rest, process.env, { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) }));
    case 'decode':
      return runDecode(rest, {
        stdin: process.stdin,
        stdout: (s: string) => process.stdout.write(s),
        stderr: (s: string) => process.stderr.write(s),
      });
    case 'help':
      if (rest[0] === 'options') {
        const { renderHelp } = await import('../config/render.js');
        process.stdout.write(renderHelp());
      } else process.stdout.write(`${USAGE}\n`);
      return 0;
    default:
      process.stderr.write(`isauth: CLI_USAGE: unknown subcommand "${first}"\n${USAGE}\n`);
      return 2;
  }
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
