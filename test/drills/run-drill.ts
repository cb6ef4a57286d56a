/**
 * One drill under load, every answer checked (load.ts), and the table of results. A drill fails on
 * any wrong variant, any client 5xx caused by isauth (nginx's access log: 5xx where PHP was not
 * the last upstream), a drill still degraded in the last SETTLED_MS of its load (TAIL_MS after the
 * fault ended), RSS growing by more than RSS_LIMIT_KIB (peaking 2× that over the start), more than
 * FD_LIMIT extra fds; for a plain soak, any degraded answer. With isauth's old space capped
 * (`capped`, issue 17): isauth must still run (no heap out-of-memory), its RSS grow by less than
 * CAPPED_RSS_LIMIT_KIB, and its output show no MaxListenersExceededWarning. A faulty soak must keep
 * RSS and fds flat: the last fault cycle's peak within SOAK_RSS_DRIFT_KIB of the first cycle's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Drill } from './drills.js';
import { FAULT_EVERY_S } from './drills.js';
import { startLoad } from './load.js';
import { processFigures, type DrillStack, type DrillVisitor } from './stack.js';

export const RATE = Number(process.env.DRILLS_RATE ?? 300);
const PRE_MS = 2000;
const TAIL_MS = 8000;
/** Still degraded this close to the end of the load: the drill did not recover. */
const SETTLED_MS = 1500;
/** Growth that counts as unbounded: RSS over the drill, fds (nginx keeps up to 64 idle connections). */
const RSS_LIMIT_KIB = 100 * 1024;
const CAPPED_RSS_LIMIT_KIB = 40 * 1024;
const SOAK_RSS_DRIFT_KIB = 16 * 1024;
const FD_LIMIT = 64;

export interface Row {
  drill: string;
  requests: number;
  wrong: number;
  fivexx: number;
  isauth5xx: number;
  fallbacks: number;
  timeouts: number;
  recoveryMs: number | 'none' | 'n/a';
  rss: string;
  /** RSS growth over the drill, KiB (after − before; for a soak, last cycle's peak − first's). */
  rssGrowthKiB: number;
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

/** Restart isauth when the drill wants another store or cap. */
async function isauthFor(stack: DrillStack, d: Drill, current: { store: string; capped: boolean }): Promise<void> {
  const capped = d.capped === true;
  if (current.store === d.store && current.capped === capped && stack.isauth.running) return;
  if (stack.isauth.running) {
    stack.isauth.signal('SIGTERM');
    await stack.isauth.exited();
  }
  await stack.isauth.start(d.store, { capped });
  current.store = d.store;
  current.capped = capped;
  await sleep(500);
}

export async function runDrill(stack: DrillStack, d: Drill, current: { store: string; capped: boolean }): Promise<Row> {
  await isauthFor(stack, d, current);
  let visitors: readonly DrillVisitor[] = stack.visitors;
  const pid = stack.isauth.pid;
  const before = processFigures(pid);
  const logFrom = accessLogSize(stack);
  let peak = before?.rssKiB ?? 0;
  /** Peak RSS and fds per fault cycle (faulty soak). */
  const cycles: Array<{ rss: number; fds: number }> = [];
  const t0 = Date.now();
  const sampler = setInterval(() => {
    const f = processFigures(stack.isauth.pid);
    if (!f) return;
    peak = Math.max(peak, f.rssKiB);
    const i = Math.floor((Date.now() - t0) / (FAULT_EVERY_S * 1000));
    const c = (cycles[i] ??= { rss: 0, fds: 0 });
    c.rss = Math.max(c.rss, f.rssKiB);
    c.fds = Math.max(c.fds, f.fds);
  }, 500);
  const load = startLoad(stack.nginxUrl, () => visitors, { rate: RATE, connections: 16, maxSeconds: 7200 });
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
  let growth = before && after && samePid ? after.rssKiB - before.rssKiB : 0;
  if (growth > RSS_LIMIT_KIB) failures.push(`RSS grew ${mib(growth)} MiB`);
  if (before && peak - before.rssKiB > 2 * RSS_LIMIT_KIB) failures.push(`RSS peaked ${mib(peak - before.rssKiB)} MiB over the start`);
  if (before && after && samePid && after.fds - before.fds > FD_LIMIT) failures.push(`fds grew by ${after.fds - before.fds}`);
  if (d.capped) {
    const out = stack.isauth.output();
    if (!stack.isauth.running || !samePid) failures.push(`isauth is gone (old space capped): ${out.slice(-300)}`);
    if (/MaxListenersExceededWarning/.test(out)) failures.push('MaxListenersExceededWarning in the output');
    if (/heap out of memory|Allocation failed/i.test(out)) failures.push('heap out of memory');
    if (before && peak - before.rssKiB > CAPPED_RSS_LIMIT_KIB) failures.push(`RSS peaked ${mib(peak - before.rssKiB)} MiB over the start (limit ${mib(CAPPED_RSS_LIMIT_KIB)})`);
  }
  if (d.faultySoak) {
    const done = cycles.filter(Boolean);
    const first = done[0];
    const last = done.at(-2) ?? done.at(-1); // the last complete cycle
    if (first && last) {
      growth = last.rss - first.rss;
      if (growth > SOAK_RSS_DRIFT_KIB) failures.push(`RSS not flat: cycle peaks ${mib(first.rss)} → ${mib(last.rss)} MiB`);
      if (last.fds - first.fds > FD_LIMIT) failures.push(`fds not flat: ${first.fds} → ${last.fds}`);
    }
  }
  return {
    drill: d.name,
    requests: r.requests,
    wrong,
    fivexx: r.fivexx + (f.fivexx ?? 0),
    isauth5xx: isauth5xx + (f.fivexx ?? 0),
    fallbacks: r.fallbacks,
    timeouts: r.errors, // autocannon counts a timeout as an error too
    recoveryMs,
    rss: `${before ? mib(before.rssKiB) : '-'} → ${after ? mib(after.rssKiB) : '-'} (peak ${mib(peak)})${d.faultySoak ? `; cycle peaks ${cycles.filter(Boolean).map((c) => mib(c.rss)).join(' ')}` : ''}`,
    rssGrowthKiB: growth,
    fds: `${before?.fds ?? '-'} → ${after?.fds ?? '-'}${samePid ? '' : ' (restarted)'}`,
    failures,
    note: f.note ?? '',
  };
}

export function table(rows: readonly Row[]): string {
  const head = '| drill | requests | wrong variants | client 5xx (by isauth) | PHP fallbacks | client timeouts/errors | recovery | isauth RSS MiB before → after | isauth fds before → after | result |';
  const sep = '|---|--:|--:|--:|--:|--:|--:|---|---|---|';
  const lines = rows.map((r) =>
    `| ${r.drill}${r.note ? ` (${r.note})` : ''} | ${r.requests} | ${r.wrong} | ${r.fivexx} (${r.isauth5xx}) | ${r.fallbacks} | ${r.timeouts} | ${typeof r.recoveryMs === 'number' ? `${(r.recoveryMs / 1000).toFixed(1)} s` : r.recoveryMs} | ${r.rss} | ${r.fds} | ${r.failures.length ? `FAIL: ${r.failures.join('; ')}` : 'ok'} |`,
  );
  return [head, sep, ...lines].join('\n');
}
