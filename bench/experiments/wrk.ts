/**
 * The same setups under wrk instead of autocannon — to see how much the load generator changes the
 * CPU per request (issue 18: isauth's added server CPU per page was 1.35× Lua's in the bench and
 * ~1.9× in a wrk-based harness with 32 connections). Not part of `npm run bench`: wrk (C, one
 * thread) cannot check each answer's variant, so this only counts non-2xx answers.
 *
 *   npx tsc -p tsconfig.bench.json && node .bench-build/bench/experiments/wrk.js \
 *     [--only limit,isauth-tcp,lua] [--connections 32] [--duration 10] [--warmup 2] [--sessions 10000]
 *
 * Each setup: the bench's own start (bench/setups/), the visitor mix as a wrk Lua script (Host
 * header, cookie, page), a warm-up run, then a measured run with the CPU of every process group
 * read from /proc as the bench does (wrk itself is `load-gen`).
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { findPid, machineCpuSeconds, treeCpuSeconds } from '../machine.js';
import { BENCH_HOST } from '../pages.js';
import { ensureRepoLinks } from '../paths.js';
import { selectSetups } from '../setups/index.js';
import type { Setup } from '../setups/types.js';
import { startBase } from '../stack/base.js';
import type { Visitor } from '../sessions.js';

const { values } = parseArgs({
  options: {
    only: { type: 'string', default: 'limit,isauth-tcp,lua' },
    connections: { type: 'string', default: '32' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    sessions: { type: 'string', default: '10000' },
  },
});

const lua = (s: string) => `"${s.replace(/[\\"]/g, '\\$&')}"`;

function script(visitors: readonly Visitor[]): string {
  const rows = visitors.map((v) => `{${lua(v.path)},${v.cookie === undefined ? 'nil' : lua(v.cookie)}}`);
  return `local v = {\n${rows.join(',\n')}\n}
local i = 0
request = function()
  i = i + 1
  local x = v[(i % #v) + 1]
  local h = { ["Host"] = ${lua(BENCH_HOST)} }
  if x[2] then h["Cookie"] = x[2] end
  return wrk.format("GET", x[1], h)
end\n`;
}

interface WrkRun {
  readonly rps: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly cpu: Record<string, number>;
  readonly seconds: number;
}

function wrk(url: string, scriptFile: string, seconds: number, conns: number, groups: Record<string, number | readonly number[] | undefined>): Promise<WrkRun> {
  const tree = (p: number | readonly number[] | undefined) => (Array.isArray(p) ? p.reduce((a: number, x: number) => a + treeCpuSeconds(x), 0) : treeCpuSeconds(p as number | undefined));
  return new Promise((resolve, reject) => {
    const cpu0 = Object.fromEntries(Object.entries(groups).map(([k, p]) => [k, tree(p)]));
    const m0 = machineCpuSeconds();
    const t0 = performance.now();
    const child = spawn('wrk', ['-t1', `-c${conns}`, `-d${seconds}s`, '-s', scriptFile, url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let lastGen = 0;
    const genTimer = setInterval(() => (lastGen = treeCpuSeconds(child.pid)), 200);
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', () => {
      clearInterval(genTimer);
      const elapsed = (performance.now() - t0) / 1000;
      const cpu: Record<string, number> = {};
      for (const [k, p] of Object.entries(groups)) cpu[k] = (tree(p) - (cpu0[k] ?? 0)) / elapsed;
      cpu['load-gen'] = lastGen / elapsed;
      const m1 = machineCpuSeconds();
      cpu.machine = (m1.busy - m0.busy) / elapsed;
      const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
      const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
      const e = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
      const errors = e ? Number(e[1]) + Number(e[2]) + Number(e[3]) + Number(e[4]) : 0;
      if (rps === 0) reject(new Error(`wrk: ${out}`));
      else resolve({ rps, non2xx, errors, cpu, seconds: elapsed });
    });
  });
}

async function main(): Promise<void> {
  ensureRepoLinks();
  const setups: Setup[] = selectSetups((values.only ?? '').split(','));
  const conns = Number(values.connections);
  const base = await startBase({ sessions: Number(values.sessions), php: setups.some((s) => s.name === 'php-fpm'), phpChildren: 12, nginxWorkers: 1, isauthFlags: [], log: (l) => console.error(l) });
  const file = join(base.ctx.tmp, 'visitors.lua');
  writeFileSync(file, script(base.visitors));
  const server = ['nginx', 'isauth', 'php-fpm', 'node', 'memcached', 'store'];
  const rows: Array<{ name: string; run: WrkRun; server: number }> = [];
  try {
    for (const s of setups) {
      const running = await s.start(base.ctx);
      try {
        await wrk(running.target.url, file, Number(values.warmup), conns, {});
        const memcached = findPid((argv) => (argv[0] ?? '').endsWith('memcached') && argv[argv.indexOf('-p') + 1] === String(base.ctx.memcached.port));
        const run = await wrk(running.target.url, file, Number(values.duration), conns, { ...running.processes, memcached });
        const us = (g: string) => ((run.cpu[g] ?? 0) / run.rps) * 1e6;
        rows.push({ name: s.name, run, server: server.reduce((a, g) => a + us(g), 0) });
        console.error(`${s.name}: ${Math.round(run.rps)} req/s, ${run.non2xx} non-2xx, ${run.errors} errors; µs CPU/request: ${Object.keys(run.cpu).map((g) => `${g} ${us(g).toFixed(1)}`).join(' · ')}`);
      } finally {
        await running.stop();
      }
    }
  } finally {
    await base.stop();
  }
  const limit = rows.find((r) => r.name === 'limit');
  console.log(`| setup | req/s | non-2xx | server µs/request | added µs/page (vs limit) | other cores |\n|---|---:|---:|---:|---:|---:|`);
  for (const r of rows) {
    const other = Math.max(0, (r.run.cpu.machine ?? 0) - Object.entries(r.run.cpu).filter(([k]) => k !== 'machine').reduce((a, [, v]) => a + v, 0));
    console.log(`| ${r.name} | ${Math.round(r.run.rps)} | ${r.run.non2xx + r.run.errors} | ${r.server.toFixed(1)} | ${limit && r !== limit ? (r.server - limit.server).toFixed(1) : '–'} | ${other.toFixed(2)} |`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : String(err));
    process.exit(1);
  },
);
