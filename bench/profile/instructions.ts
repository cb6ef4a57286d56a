/**
 * Instructions per decision — a figure that does not depend on what else the machine is doing
 * (valgrind's callgrind counts instructions, not seconds), for A/B comparisons on a shared machine.
 *
 *   npm run build && npx tsc -p tsconfig.bench.json
 *   node .bench-build/bench/profile/instructions.js [--store memcached|files] [--requests N]
 *        [--concurrency C] [--warmup N] [--sessions N] [--isauth-flags="…"] [--dump]
 *
 * isauth runs under `valgrind --tool=callgrind --instr-atstart=no`; after `--warmup` requests
 * (the JIT warmed up) instrumentation is switched on (callgrind_control -i on) for `--requests`
 * requests of the bench's visitor mix straight at /auth (C keep-alive connections, each sending
 * its next request when the answer came), then off, and the count is divided by the requests.
 * (`--timeout 30000`: under valgrind a store read takes far longer than the shipped 100 ms.)
 * Under valgrind isauth is ~50× slower, so with C > 1 requests queue up and every event-loop turn
 * handles many: compare runs of the same C only. `--dump` copies the callgrind files to the current
 * directory (callgrind_annotate them for the native functions; V8's JIT code shows as ???).
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_ISAUTH_FLAGS } from '../../test/harness/isauth.js';
import { freePort, startMemcached, tempDir } from '../../test/harness/servers.js';
import { isauthMain } from '../paths.js';
import { visitorMix, writeSessions, writeSessionsTo, type Visitor } from '../sessions.js';

const { values } = parseArgs({
  options: {
    store: { type: 'string', default: 'memcached' },
    requests: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '1' },
    warmup: { type: 'string', default: '3000' },
    sessions: { type: 'string', default: '1000' },
    'isauth-flags': { type: 'string', default: '' },
    dump: { type: 'boolean', default: false },
    debug: { type: 'boolean', default: false },
  },
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function send(agent: Agent, port: number, v: Visitor): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/auth', agent, headers: v.cookie === undefined ? {} : { cookie: v.cookie } }, (res) => {
      res.resume();
      res.on('end', () => resolve(String(res.headers['x-cache-variant'])));
    });
    req.on('error', reject);
    req.end();
  });
}

/** `count` requests over the agent's connections; throws on a wrong variant. */
async function load(agent: Agent, port: number, visitors: readonly Visitor[], count: number, conns: number, from: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: conns }, async () => {
      while (next < count) {
        const v = visitors[(from + next++) % visitors.length] as Visitor;
        const got = await send(agent, port, v);
        if (got !== v.expected) throw new Error(`wrong variant ${got} for a ${v.kind} visitor (want ${v.expected})`);
      }
    }),
  );
}

async function main(): Promise<void> {
  const requests = Number(values.requests);
  const conns = Number(values.concurrency);
  const warmup = Number(values.warmup);
  const mc = await startMemcached();
  const dir = tempDir('instructions');
  try {
    const sessions = writeSessions(mc.port, Number(values.sessions));
    let store = mc.url;
    if (values.store === 'files') {
      writeSessionsTo({ handler: 'files', savePath: dir }, sessions);
      store = `files:${dir}`;
    } else if (values.store !== 'memcached') throw new Error(`--store memcached|files (got ${values.store})`);
    const visitors = visitorMix(sessions);
    const port = await freePort();
    const out = join(dir, 'callgrind.out.%p');
    const flags = (values['isauth-flags'] ?? '').split(/\s+/).filter(Boolean);
    const child = spawn('valgrind', [
      '--tool=callgrind', '--instr-atstart=no', '--smc-check=all-non-file', `--callgrind-out-file=${out}`,
      process.execPath, isauthMain(), 'serve', '--listen', `127.0.0.1:${port}`, '--store', store, ...DEMO_ISAUTH_FLAGS, '--timeout', '30000', ...flags,
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // One set of keep-alive connections for warm-up and measurement: connections closing inside
    // the window would deoptimize (and recompile) node's socket code there.
    const agent = new Agent({ keepAlive: true, maxSockets: conns });
    try {
      for (let i = 0; ; i++) {
        try {
          await load(new Agent(), port, visitors, 1, 1, 0);
          break;
        } catch {
          if (i > 600 || child.exitCode !== null) throw new Error(`isauth did not start under valgrind: ${stderr.slice(-2000)}`);
          await sleep(100);
        }
      }
      await load(agent, port, visitors, warmup, conns, 0);
      await sleep(2000); // background compile jobs of the warm-up finish outside the window
      const pid = String(child.pid);
      execFileSync('callgrind_control', ['-i', 'on', pid], { stdio: 'ignore' });
      await load(agent, port, visitors, requests, conns, warmup);
      execFileSync('callgrind_control', ['-i', 'off', pid], { stdio: 'ignore' });
      execFileSync('callgrind_control', ['-d', pid], { stdio: 'ignore' });
    } finally {
      agent.destroy();
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    let total = 0;
    for (const f of readdirSync(dir).filter((n) => n.startsWith('callgrind.out.'))) {
      if (values.dump) copyFileSync(join(dir, f), join(process.cwd(), f));
      const m = /^totals: (\d+)/m.exec(readFileSync(join(dir, f), 'utf8'));
      if (m?.[1]) total = Math.max(total, Number(m[1]));
      if (values.dump) console.error(`callgrind file: ${f} (copied here)`);
      if (values.debug) console.error(readFileSync(join(dir, f), 'utf8').split('\n').filter((l) => /^(summary|totals|events|cmd|part|desc)/.test(l)).join('\n'));
    }
    console.log(JSON.stringify({ store: values.store, concurrency: conns, requests, flags, instructionsPerRequest: Math.round(total / requests) }));
  } finally {
    await mc.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : String(err));
    process.exit(1);
  },
);
