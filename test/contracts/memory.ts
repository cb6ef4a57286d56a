/**
 * Whether memory keeps growing while `round` runs again and again: the heap plus the buffers
 * outside it (sockets' pending writes, Buffers), measured after full garbage collections.
 *
 * Some memory is legitimately held for a while and then let go (a connection attempt with its
 * own timeout, a queue bounded in length): that gives a plateau with dips, reached within the
 * first rounds. Something kept for good gives a line that only goes up. So: the lowest reading
 * over the last `window` rounds of a warm-up, against the lowest over the last `window` rounds
 * after as many rounds again — a plateau scores about 0, a leak the memory of all later rounds.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function used(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

export async function heapGrowth(round: () => Promise<void>, rounds = 10, window = 3): Promise<number> {
  const readings = new Map<number, number>();
  for (let i = 1; i <= 2 * rounds; i++) {
    await round();
    if (i % rounds > rounds - window || i % rounds === 0) readings.set(i, used());
  }
  const low = (end: number) => Math.min(...Array.from({ length: window }, (_, k) => readings.get(end - k)!));
  return low(2 * rounds) - low(rounds);
}
