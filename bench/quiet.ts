/**
 * On a shared machine other programs come and go. Before a measurement, wait (bounded) until the
 * machine is idle; after one, `other` CPU (see measure.ts) tells whether it was disturbed, and
 * the runner measures that setup again (up to --retries times).
 */
import { machineCpuSeconds } from './machine.js';

const IDLE_CORES = 0.15;

/** Cores busy over the next `ms` (the bench's own servers are idle between measurements). */
async function busyCores(ms: number): Promise<number> {
  const a = machineCpuSeconds();
  await new Promise((r) => setTimeout(r, ms));
  const b = machineCpuSeconds();
  return (b.busy - a.busy) / (ms / 1000);
}

/** Resolves once the machine was idle for a second, or after `maxSeconds` (returns false then). */
export async function waitQuiet(maxSeconds: number, log: (line: string) => void): Promise<boolean> {
  const deadline = Date.now() + maxSeconds * 1000;
  let said = false;
  for (;;) {
    const busy = await busyCores(1000);
    if (busy < IDLE_CORES) return true;
    if (Date.now() > deadline) {
      log(`machine still busy (${busy.toFixed(2)} cores) after ${maxSeconds} s — measuring anyway`);
      return false;
    }
    if (!said) log(`waiting for the machine to be quiet (${busy.toFixed(2)} cores busy elsewhere) …`);
    said = true;
  }
}
