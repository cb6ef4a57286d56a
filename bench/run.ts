/**
 * `npm run bench` — every setup in ONE run on one machine, the same sessions, pages and load:
 * limit (no auth), isauth over TCP and a unix socket (the shipped nginx files), php-fpm, Lua,
 * and isauth / bare node:http without nginx; then the CLI's start-up (bench/startup.ts). Progress on stderr; the Markdown table on stdout and
 * in bench/results/latest.{md,json,svg}. Exit 1 when any answer carried a wrong variant or failed.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { replaceReadmeBench } from './report/readme.js';
import { join } from 'node:path';
import { parseBenchArgs, type BenchArgs } from './args.js';
import { machine } from './machine.js';
import { measureSetup, type PassOptions, type SetupResult } from './measure.js';
import { PAGE_BYTES } from './pages.js';
import { ensureRepoLinks, RESULTS_DIR, ROOT } from './paths.js';
import { havePrerequisites } from './preflight.js';
import { renderSummary } from './profile/top.js';
import { coresText, renderMarkdown } from './report/markdown.js';
import { renderSvg } from './report/svg.js';
import { evaluateTargets, ISAUTH_SETUPS } from './report/targets.js';
import type { Report } from './report/types.js';
import { selectSetups } from './setups/index.js';
import type { BenchContext, Setup } from './setups/types.js';
import { exitOnSignals } from './signals.js';
import { waitQuiet } from './quiet.js';
import { startBase } from './stack/base.js';
import { measureStartup, startupTargets, type StartupResult } from './startup.js';
import { shippedUpstreamKeepalive } from './stack/nginx.js';
import type { Visitor } from './sessions.js';

/** Rounds of the CLI start-up measurement (each runs every command once). */
const STARTUP_ROUNDS = 15;

const log = (line: string): void => void process.stderr.write(`bench ${line}\n`);

/** ✔ when every answer was right and none failed, ✘ otherwise. */
function mark(r: SetupResult): string {
  return r.mismatches + r.errors + r.timeouts + r.non2xx === 0 ? '✔' : '✘';
}

function figures(r: SetupResult): string {
  const conns = r.isauthNewConnections === undefined ? '' : `, ${r.isauthNewConnections} new isauth connections`;
  return (
    `${Math.round(r.rps)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.errors + r.timeouts} errors, ${r.non2xx} non-2xx, ` +
    `${r.mismatches} wrong variants${conns}; cores: ${coresText(r)}`
  );
}

/** Another program used the CPU during a measurement (`other` above 0.2 cores). */
export const DISTURBED_CORES = 0.2;

function disturbed(results: readonly SetupResult[]): string[] {
  return results.filter((r) => (r.cores.other ?? 0) > DISTURBED_CORES).map((r) => `${r.name}${r.rate === undefined ? '' : '@rate'} (other ${r.cores.other} cores)`);
}

function failuresOf(results: readonly SetupResult[]): string[] {
  const out: string[] = [];
  for (const r of results) {
    const tag = r.rate === undefined ? r.name : `${r.name}@${r.rate}/s`;
    if (r.mismatches > 0) out.push(`${tag}: ${r.mismatches} wrong variants (${r.samples.join('; ')})`);
    if (r.errors + r.timeouts + r.non2xx > 0) out.push(`${tag}: ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx`);
  }
  return out;
}

/** Profiles land as CPU.*.cpuprofile; give each setup's its name. */
function nameProfiles(dir: string | undefined, name: string): void {
  if (!dir) return;
  for (const f of readdirSync(dir).filter((n) => n.startsWith('CPU.'))) renameSync(join(dir, f), join(dir, `${name}.cpuprofile`));
}

interface Plan {
  readonly args: BenchArgs;
  readonly ctx: BenchContext;
  readonly visitors: readonly Visitor[];
  readonly profileDir: string | undefined;
}

/** Measure; when other programs disturbed it, wait for quiet and measure again (--retries). */
async function measureQuietly(plan: Plan, s: Setup, o: PassOptions): Promise<SetupResult> {
  for (let attempt = 0; ; attempt++) {
    await waitQuiet(plan.args.quietWait, log);
    const r = await measureSetup(s, plan.ctx, o);
    const other = r.cores.other ?? 0;
    if (other <= DISTURBED_CORES || attempt >= plan.args.retries) return attempt === 0 ? r : { ...r, attempts: attempt + 1 };
    log(`${s.name} was disturbed (${other} cores used by other programs): measuring again`);
  }
}

async function mainPass(plan: Plan, setups: readonly Setup[]): Promise<SetupResult[]> {
  const { args } = plan;
  const results: SetupResult[] = [];
  for (const s of setups) {
    log(`▶ ${s.name}: ${s.description} — ${args.connections} connections, ${args.seconds} s`);
    const r = await measureQuietly(plan, s, { visitors: plan.visitors, connections: args.connections, seconds: args.seconds, warmup: args.warmup });
    nameProfiles(plan.profileDir, s.name);
    results.push(r);
    log(`${mark(r)} ${s.name}: ${figures(r)}`);
    if ((r.cores.other ?? 0) > DISTURBED_CORES) log(`WARNING: ${s.name} was disturbed: ${r.cores.other} cores used by other programs`);
  }
  return results;
}

/** limit and isauth again at 50 % of the slower isauth setup's max rate; compare p99. */
async function ratePass(plan: Plan, setups: readonly Setup[], results: readonly SetupResult[]): Promise<SetupResult[]> {
  const isauth = results.filter((r) => (ISAUTH_SETUPS as readonly string[]).includes(r.name));
  if (!plan.args.ratePass || isauth.length === 0 || !results.some((r) => r.name === 'limit')) return [];
  const rate = 0.5 * Math.min(...isauth.map((r) => r.rps));
  const out: SetupResult[] = [];
  for (const s of setups.filter((x) => x.name === 'limit' || isauth.some((r) => r.name === x.name))) {
    log(`▶ ${s.name} at ${Math.round(rate)} req/s (rate pass)`);
    const r = await measureQuietly(plan, s, { visitors: plan.visitors, connections: plan.args.connections, seconds: plan.args.seconds, warmup: 1, rate });
    nameProfiles(plan.profileDir, `${s.name}-rate`);
    out.push(r);
    log(`${mark(r)} ${s.name} at ${Math.round(rate)} req/s: ${figures(r)}`);
  }
  return out;
}

async function main(): Promise<number> {
  exitOnSignals();
  ensureRepoLinks();
  const args = parseBenchArgs(process.argv.slice(2));
  const skipped: Array<{ name: string; reason: string }> = [];
  const setups = selectSetups(args.only).filter((s) => {
    const why = s.unavailable?.();
    if (why) {
      skipped.push({ name: s.name, reason: why });
      console.warn(`\n!!!!! bench: SKIPPING ${s.name}: ${why} !!!!!\n`);
    }
    return why === undefined;
  });
  const withPhp = setups.some((s) => s.name === 'php-fpm' || s.name === 'wordpress-php');
  if (!havePrerequisites([...new Set(setups.flatMap((s) => s.programs)), ...(withPhp ? ['php-fpm'] : [])])) {
    console.warn('bench SKIPPED: programs missing (see above)');
    return 0;
  }
  const m = machine();
  log(`Node ${m.node} · ${m.cpu} · ${m.cores} cores · load ${m.loadBefore.join(' ')}`);
  log(`${args.connections} connections · ${args.seconds} s per setup (+${args.warmup} s warm-up) · ${args.sessions} sessions · setups: ${setups.map((s) => s.name).join(', ')}`);
  if (m.loadBefore[0] !== undefined && m.loadBefore[0] > 0.5 * m.cores) log(`WARNING: the machine is busy (load ${m.loadBefore[0]}): numbers may be disturbed`);

  const base = await startBase({ sessions: args.sessions, php: withPhp, phpChildren: args.phpChildren, nginxWorkers: args.nginxWorkers, upstreamKeepalive: args.upstreamKeepalive, isauthFlags: args.isauthFlags, log });
  try {
    let profileDir: string | undefined;
    if (args.profile) {
      profileDir = join(RESULTS_DIR, 'profile');
      rmSync(profileDir, { recursive: true, force: true });
      mkdirSync(profileDir, { recursive: true });
    }
    const profFlags = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
    const ctx = { ...base.ctx, isauthNodeFlags: profFlags };
    const plan: Plan = { args, ctx, visitors: base.visitors, profileDir };
    const results = await mainPass(plan, setups);
    const rated = await ratePass(plan, setups, results);
    let startup: StartupResult | undefined;
    if (args.startup) {
      await waitQuiet(args.quietWait, log);
      log(`▶ CLI start-up: ${STARTUP_ROUNDS} rounds`);
      startup = await measureStartup({ rounds: STARTUP_ROUNDS, log });
    }
    const report: Report = {
      date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      machine: m,
      options: { connections: args.connections, seconds: args.seconds, warmup: args.warmup, sessions: args.sessions, nginxWorkers: args.nginxWorkers, phpChildren: args.phpChildren, upstreamKeepalive: args.upstreamKeepalive ?? shippedUpstreamKeepalive(), isauthFlags: args.isauthFlags, pageBytes: PAGE_BYTES },
      setups: results,
      skipped,
      ratePass: rated,
      ...(startup !== undefined && { startup }),
      targets: [...evaluateTargets(results, rated), ...(startup === undefined ? [] : startupTargets(startup))],
      failures: failuresOf([...results, ...rated]),
      disturbed: disturbed([...results, ...rated]),
    };
    const md = renderMarkdown(report);
    process.stdout.write(`\n${md}`);
    if (args.save) {
      mkdirSync(RESULTS_DIR, { recursive: true });
      writeFileSync(join(RESULTS_DIR, 'latest.md'), md);
      writeFileSync(join(RESULTS_DIR, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
      writeFileSync(join(RESULTS_DIR, 'latest.svg'), renderSvg(report));
      const readme = join(ROOT, 'README.md');
      writeFileSync(readme, replaceReadmeBench(readFileSync(readme, 'utf8'), report));
      log(`wrote ${join(RESULTS_DIR, 'latest.{md,json,svg}')} and the README's table`);
    }
    if (profileDir) {
      for (const f of readdirSync(profileDir).filter((n) => n.endsWith('.cpuprofile'))) process.stdout.write(`\n${renderSummary(join(profileDir, f), 20)}`);
    }
    if (report.disturbed.length > 0) log(`WARNING: other programs used the CPU during ${report.disturbed.join(', ')} — rerun on a quiet machine`);
    if (report.failures.length > 0) console.error(`bench FAILED: ${report.failures.join('; ')}`);
    return report.failures.length > 0 ? 1 : 0;
  } finally {
    await base.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`bench FAILED: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    process.exit(1);
  },
);
