/**
 * `npm run bench:startup [-- --rounds N]`: the CLI start-up measurement alone (bench/startup.ts),
 * also part of every `npm run bench`. Prints the table; writes bench/results/startup.{md,json}.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { machine } from './machine.js';
import { RESULTS_DIR } from './paths.js';
import { exitOnSignals } from './signals.js';
import { measureStartup, renderStartup, startupTargets } from './startup.js';

async function main(): Promise<number> {
  exitOnSignals();
  const { values } = parseArgs({ args: process.argv.slice(2), options: { rounds: { type: 'string' } }, strict: true });
  const rounds = values.rounds === undefined ? 15 : Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds: not a positive integer: ${values.rounds}`);
  const m = machine();
  const result = await measureStartup({ rounds, log: (l) => process.stderr.write(`bench ${l}\n`) });
  const md = `${new Date().toISOString().replace(/\.\d+Z$/, 'Z')} · Node ${m.node} · ${m.cores} cores · load average before: ${m.loadBefore.join(' ')}\n\n${renderStartup(result)}`;
  process.stdout.write(md);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'startup.md'), md);
  writeFileSync(join(RESULTS_DIR, 'startup.json'), `${JSON.stringify({ machine: m, ...result, targets: startupTargets(result) }, null, 2)}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`bench FAILED: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    process.exit(1);
  },
);
