/**
 * How much memory stays allocated after running `round` several times: the heap and the
 * buffers outside it (sockets' pending writes, Buffers), measured after full garbage collections,
 * from the end of a first round (which warms up code and pools) to the end of the last.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function used(): number {
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

export async function heapGrowth(round: () => Promise<void>, rounds: number): Promise<number> {
  await round();
  const before = used();
  for (let i = 1; i < rounds; i++) await round();
  return used() - before;
}
