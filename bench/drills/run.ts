/**
 * `npm run drills` — the fault drills against the real stack (docs/reliability.md), each under
 * load with every answer checked; prints one table and exits non-zero on any wrong variant, any
 * client 5xx caused by isauth, a drill that did not recover, unbounded memory or an fd leak.
 * `--short`: the few drills `npm test` runs (≤ 3 minutes). `--write`: also save the table to
 * bench/results/drills.md. `--only SUBSTRING`: the drills whose name contains it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureRepoLinks, RESULTS_DIR } from '../paths.js';
import { exitOnSignals } from '../signals.js';
import { allDrills, type Drill } from './drills.js';
import { startLoad } from './load.js';
import { processFigures, startDrillStack, type DrillStack, type DrillVisitor } from './stack.js';

const args = process.argv.slice(2);
const SHORT = args.includes('--short');
const ONLY = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const RATE = Number(process.env.DRILLS_RATE ?? 300);
const PRE_MS = 2000;
const TAIL_MS = 8000;
/** Still degraded this close to the end of the load: the drill did not recover. */
const SETTLED_MS = 1500;
/** Growth that counts as unbounded: RSS over the drill, fds (nginx keeps up to 64 idle connections). */
const RSS_LIMIT_KIB = 100 * 1024;
const FD_LIMIT = 64;

interface Row {
  drill: string;
  requests: number;
  wrong: number;
  fivexx: number;
  isauth5xx: number;
  fallbacks: number;
  timeouts: number;
  recoveryMs: number | 'none' | 'n/a';
  rss: string;
  fds: string;
  failures: string[];
  note: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mib = (kib: number) => `${Math.round(kib / 1024)}`;

/** nginx access-log lines (status "upstreams" "statuses") since `from`: 5xx where PHP was not the last upstream. */
function isauthFivexx(stack: DrillStack, from: number): number {
  const text = readFileSync(join(stack.nginxDir, 'logs/access.log'), 'utf8').slice(from);
  return text.split('\n').filter((l) => /^5\d\d /.test(l) && !/php-fpm\.sock"/.test(l)).length;
}
const accessLogSize = (stack: DrillStack) => readFileSync(join(stack.nginxDir, 'logs/access.log'), 'utf8').length;

async function runDrill(stack: DrillStack, d: Drill, current: { store: string }): Promise<Row> {
  if (current.store !== d.store || !stack.isauth.running) {
    if (stack.isauth.running) {
      stack.isauth.signal('SIGTERM');
      await stack.isauth.exited();
    }
    await stack.isauth.start(d.store);
    current.store = d.store;
    await sleep(500);
  }
  let visitors: readonly DrillVisitor[] = stack.visitors;
  const pid = stack.isauth.pid;
  const before = processFigures(pid);
  const logFrom = accessLogSize(stack);
  let peak = before?.rssKiB ?? 0;
  const sampler = setInterval(() => (peak = Math.max(peak, processFigures(stack.isauth.pid)?.rssKiB ?? 0)), 500);
  const load = startLoad(stack.nginxUrl, () => visitors, { rate: RATE, connections: 16, maxSeconds: 3600 });
  await sleep(PRE_MS);
  const f = await d.fault({ stack, setVisitors: (v) => (visitors = v), anonForBypass: () => load.anonForBypass });
  await sleep(TAIL_MS);
  load.stop();
  const loadEndAt = Date.now();
  const r = await load.done;
  clearInterval(sampler);
  await sleep(1000);
  const after = processFigures(stack.isauth.pid);
  const samePid = pid === stack.isauth.pid;
  const isauth5xx = isauthFivexx(stack, logFrom);
  const stillDegraded = r.lastDegradedAt > loadEndAt - SETTLED_MS;
  const recoveryMs = d.soak ? 'n/a' : stillDegraded ? 'none' : Math.max(0, r.lastDegradedAt - f.endAt);
  const wrong = r.wrong + (f.wrong ?? 0);
  const failures: string[] = [...(f.problems ?? [])];
  if (wrong > 0) failures.push(`${wrong} wrong variants: ${r.samples.join('; ')}`);
  if (isauth5xx + (f.fivexx ?? 0) > 0) failures.push(`${isauth5xx + (f.fivexx ?? 0)} client 5xx not from PHP`);
  if (recoveryMs === 'none') failures.push('did not recover');
  if (d.soak && r.fallbacks + r.errors + r.fivexx > 0) failures.push(`degraded answers without a fault: ${r.samples.join('; ')}`);
  if (before && after && samePid && after.rssKiB - before.rssKiB > RSS_LIMIT_KIB) failures.push(`RSS grew ${mib(after.rssKiB - before.rssKiB)} MiB`);
  if (before && peak - before.rssKiB > 2 * RSS_LIMIT_KIB) failures.push(`RSS peaked ${mib(peak - before.rssKiB)} MiB over the start`);
  if (before && after && samePid && after.fds - before.fds > FD_LIMIT) failures.push(`fds grew by ${after.fds - before.fds}`);
  return {
    drill: d.name,
    requests: r.requests,
    wrong,
    fivexx: r.fivexx + (f.fivexx ?? 0),
    isauth5xx: isauth5xx + (f.fivexx ?? 0),
    fallbacks: r.fallbacks,
    timeouts: r.errors, // autocannon counts a timeout as an error too
    recoveryMs,
    rss: `${before ? mib(before.rssKiB) : '-'} → ${after ? mib(after.rssKiB) : '-'} (peak ${mib(peak)})`,
    fds: `${before?.fds ?? '-'} → ${after?.fds ?? '-'}${samePid ? '' : ' (restarted)'}`,
    failures,
    note: f.note ?? '',
  };
}

function table(rows: readonly Row[]): string {
  const head = '| drill | requests | wrong variants | client 5xx (by isauth) | PHP fallbacks | client timeouts/errors | recovery | isauth RSS MiB before → after | isauth fds before → after | result |';
  const sep = '|---|--:|--:|--:|--:|--:|--:|---|---|---|';
  const lines = rows.map((r) =>
    `| ${r.drill}${r.note ? ` (${r.note})` : ''} | ${r.requests} | ${r.wrong} | ${r.fivexx} (${r.isauth5xx}) | ${r.fallbacks} | ${r.timeouts} | ${typeof r.recoveryMs === 'number' ? `${(r.recoveryMs / 1000).toFixed(1)} s` : r.recoveryMs} | ${r.rss} | ${r.fds} | ${r.failures.length ? `FAIL: ${r.failures.join('; ')}` : 'ok'} |`,
  );
  return [head, sep, ...lines].join('\n');
}

async function main(): Promise<number> {
  exitOnSignals();
  ensureRepoLinks();
  const log = (s: string) => console.log(`drills: ${s}`);
  const drills = allDrills(SHORT ? 10 : 120).filter((d) => (SHORT ? d.short : true) && (ONLY === undefined || d.name.includes(ONLY)));
  const stack = await startDrillStack({ sessions: SHORT ? 600 : 1000, log });
  const rows: Row[] = [];
  const started = Date.now();
  try {
    const current = { store: 'memcached' };
    for (const d of drills) {
      log(`${d.name} …`);
      const row = await runDrill(stack, d, current);
      log(`${d.name}: ${row.requests} requests, ${row.wrong} wrong, ${row.fivexx} 5xx, recovery ${row.recoveryMs}${row.failures.length ? ` — FAIL: ${row.failures.join('; ')}` : ''}`);
      rows.push(row);
    }
  } finally {
    await stack.stop();
  }
  const text = table(rows);
  console.log(`\n${text}\n`);
  const failed = rows.filter((r) => r.failures.length > 0);
  const summary = `drills ${failed.length ? 'FAIL' : 'PASS'} — ${rows.length} drills, ${rows.reduce((a, r) => a + r.requests, 0)} checked answers, ${Math.round((Date.now() - started) / 1000)} s, ${RATE} req/s`;
  console.log(summary);
  if (args.includes('--write')) writeFileSync(join(RESULTS_DIR, SHORT ? 'drills-short.md' : 'drills.md'), `${summary}\n\n${text}\n`);
  return failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`drills FAIL — ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    process.exit(1);
  },
);
