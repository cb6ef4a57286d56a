/**
 * How to read a session from Redis in one round trip, measured (docs/benchmarks.md, "Redis: one
 * round trip"). Against a real redis-server, 64 concurrent readers, each way of reading for 2.5 s,
 * five rounds (medians): CPU per read of this process (the client: isauth's share) and of
 * redis-server (from /proc, 10 ms ticks), and reads/s.
 *
 * - `getrange-then-exists`: GETRANGE; EXISTS only when the answer is empty (two trips then);
 * - `pair`: GETRANGE and EXISTS sent together (one trip, two commands) — what the store does;
 * - `script`: one EVALSHA_RO of a Lua script doing both on the server (one trip, one command).
 * Each with the commands of one event-loop turn corked into one write (as the store does).
 *
 *   npx tsc -p tsconfig.bench.json && node .bench-build/bench/experiments/redis-read.js [PRESENT%]
 */
import { readFileSync } from 'node:fs';
import { Command, Redis } from 'ioredis';
import { startRedis } from '../../test/harness/servers.js';

const MAX = 65536;
const ROUNDS = 5;
const MS = 2500;
const CONCURRENCY = 64;
const SCRIPT = "local v = redis.call('GETRANGE', KEYS[1], 0, ARGV[1]) if v == '' and redis.call('EXISTS', KEYS[1]) == 0 then return false end return v";

async function main(): Promise<void> {
  const present = Number(process.argv[2] ?? 80);
  const server = await startRedis();
  const pid = Number(readFileSync(`/proc/self/task/${process.pid}/children`, 'utf8').trim().split(/\s+/).at(-1));
  const c = new Redis({ port: server.port, host: '127.0.0.1', enableOfflineQueue: false, maxRetriesPerRequest: 0 });
  try {
    await new Promise((r) => c.once('ready', r));
    for (let i = 0; i < 1000; i++) await c.set(`p${i}`, 'x'.repeat(200));
    const sha = (await c.script('LOAD', SCRIPT)) as string;
    let corked = false;
    const send = (name: string, args: Array<string | number>, enc: BufferEncoding | null = 'utf8'): Promise<unknown> => {
      if (!corked) {
        corked = true;
        const s = c.stream;
        s.cork();
        setImmediate(() => {
          corked = false;
          s.uncork();
        });
      }
      return c.sendCommand(new Command(name, args, { replyEncoding: enc })) as Promise<unknown>;
    };
    const ways: Record<string, (k: string) => Promise<unknown>> = {
      'getrange-then-exists': async (k) => {
        const v = (await send('getrange', [k, 0, MAX], null)) as Buffer;
        return v.length === 0 && (await send('exists', [k])) === 0 ? null : v;
      },
      pair: async (k) => {
        const [v, e] = (await Promise.all([send('getrange', [k, 0, MAX], null), send('exists', [k])])) as [Buffer, number];
        return v.length === 0 && e === 0 ? null : v;
      },
      script: (k) => send('evalsha_ro', [sha, 1, k, MAX], null),
    };
    const serverMs = (): number => {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(f[11]) + Number(f[12])) * 10;
    };
    const results = new Map<string, Array<{ rate: number; client: number; server: number }>>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, read] of Object.entries(ways)) {
        let n = 0;
        const end = Date.now() + MS;
        const s0 = serverMs();
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async (_, j) => {
            for (let i = j; Date.now() < end; i += CONCURRENCY, n++) await read(i % 100 < present ? `p${i % 1000}` : `m${i}`);
          }),
        );
        const secs = (performance.now() - t0) / 1000;
        const cu = process.cpuUsage(c0);
        const list = results.get(name) ?? [];
        list.push({ rate: n / secs, client: (cu.user + cu.system) / n, server: ((serverMs() - s0) * 1000) / n });
        results.set(name, list);
      }
    }
    const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    console.log(`${present}% present, ${CONCURRENCY} readers, median of ${ROUNDS} × ${MS / 1000} s`);
    console.log('| way | reads/s | client µs/read | redis-server µs/read |\n|---|--:|--:|--:|');
    for (const [name, list] of results) {
      console.log(`| ${name} | ${Math.round(median(list.map((r) => r.rate)))} | ${median(list.map((r) => r.client)).toFixed(1)} | ${median(list.map((r) => r.server)).toFixed(1)} |`);
    }
  } finally {
    c.disconnect();
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
