/** The Markdown report: machine, setups table, rate pass, targets with PASS/MISS. */
import { renderStartup } from '../startup.js';
import type { SetupResult } from '../measure.js';
import { addedUs, serverUs, usPerRequest } from './cpu.js';
import type { Report } from './types.js';

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const ms = (n: number): string => n.toFixed(2);

/** e.g. "nginx 0.98 · isauth 0.45 · memcached 0.10 · load-gen 0.45 · all 1.73" */
export function coresText(r: SetupResult): string {
  return Object.entries(r.cores)
    .map(([k, v]) => `${k === 'machine' ? 'all' : k} ${v.toFixed(2)}`)
    .join(' · ');
}

function setupRow(r: SetupResult, limitRps: number | undefined): string {
  const bad = r.errors + r.timeouts + r.non2xx;
  const vsLimit = limitRps ? `${(r.rps / limitRps).toFixed(2)}` : '–';
  return `| ${r.name} | ${int(r.rps)} | ${ms(r.p50)} | ${ms(r.p99)} | ${bad === 0 ? '0' : `**${bad}**`} | ${r.mismatches === 0 ? '0' : `**${r.mismatches}**`} | ${vsLimit} | ${coresText(r)} |`;
}

/** CPU time per request (µs) by process group: where a setup's cost goes on this machine. */
function costTable(results: readonly SetupResult[]): string[] {
  const groups = ['nginx', 'isauth', 'php-fpm', 'node', 'memcached', 'store', 'load-gen', 'other', 'machine'];
  const us = (n: number | undefined): string => (n === undefined ? '–' : String(Math.round(n)));
  const cell = (r: SetupResult, g: string): string => us(usPerRequest(r, g));
  return [
    'CPU time per request (µs; cores busy ÷ req/s — on 2 cores, req/s ≈ 2 s ÷ total). `store`: the',
    "setup's session server (Redis, MariaDB, PostgreSQL); `server`: nginx + isauth + php-fpm + node +",
    "memcached + store; `added`: server minus limit's server — what the auth check costs per page:",
    '',
    `| setup | ${groups.map((g) => (g === 'machine' ? 'total' : g)).join(' | ')} | server | added |`,
    `|---|${groups.map(() => '---:').join('|')}|---:|---:|`,
    ...results.map((r) => `| ${r.name} | ${groups.map((g) => cell(r, g)).join(' | ')} | ${us(serverUs(r))} | ${us(addedUs(r, results))} |`),
  ];
}

export function renderMarkdown(rep: Report): string {
  const o = rep.options;
  const m = rep.machine;
  const limitRps = rep.setups.find((r) => r.name === 'limit')?.rps;
  const lines = [
    `# isauth benchmark — ${rep.date}`,
    '',
    `Node ${m.node} · ${m.cpu} · ${m.cores} cores · load average before: ${m.loadBefore.join(' ')}`,
    `${o.connections} connections · ${o.seconds} s per setup (+${o.warmup} s warm-up) · ${int(o.sessions)} real PHP sessions (~30 % logged in) + 10 % no-cookie/garbage visitors · ${o.pageBytes}-byte pages · nginx worker_processes ${o.nginxWorkers} · isauth upstream keepalive ${o.upstreamKeepalive} · php-fpm ${o.phpChildren} children${o.isauthFlags.length ? ` · isauth ${o.isauthFlags.join(' ')}` : ''}`,
    '',
    '| setup | req/s | p50 ms | p99 ms | errors/non-2xx | wrong variant | vs limit | CPU cores busy (2 = whole machine) |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
    ...rep.setups.map((r) => setupRow(r, limitRps)),
  ];
  lines.push('', ...costTable(rep.setups));
  if (rep.skipped.length > 0) lines.push('', ...rep.skipped.map((s) => `Skipped: ${s.name} — ${s.reason}`));
  if (rep.ratePass.length > 0) {
    lines.push('', `At a fixed rate of ${int(rep.ratePass[0]?.rate ?? 0)} req/s (50 % of the slower isauth setup's max; autocannon overallRate):`, '');
    lines.push('| setup | req/s | p50 ms | p90 ms | p99 ms | errors/non-2xx | wrong variant |', '|---|---:|---:|---:|---:|---:|---:|');
    for (const r of rep.ratePass) {
      lines.push(`| ${r.name} | ${int(r.rps)} | ${ms(r.p50)} | ${ms(r.p90)} | ${ms(r.p99)} | ${r.errors + r.timeouts + r.non2xx} | ${r.mismatches} |`);
    }
  }
  if (rep.startup !== undefined) lines.push('', renderStartup(rep.startup).trimEnd());
  if (rep.targets.length > 0) {
    lines.push('', '| target | goal | measured | |', '|---|---|---:|---|');
    for (const t of rep.targets) lines.push(`| ${t.target} | ${t.goal} | ${t.value}${t.unit === '×' ? '×' : ' ms'} | ${t.pass ? 'PASS' : 'MISS'} |`);
  }
  const again = [...rep.setups, ...rep.ratePass].filter((r) => (r.attempts ?? 1) > 1);
  lines.push('', `Each measurement waited for an idle machine; measured again because other programs used the CPU: ${again.length === 0 ? 'none' : again.map((r) => `${r.name}${r.rate === undefined ? '' : '@rate'} (${r.attempts} tries)`).join(', ')}.`);
  if (rep.disturbed.length > 0) lines.push('', `DISTURBED (other programs used the CPU): ${rep.disturbed.join(', ')} — rerun on a quiet machine.`);
  lines.push('', rep.failures.length === 0 ? 'Every answer carried the right variant.' : `FAILED: ${rep.failures.join('; ')}`);
  return `${lines.join('\n')}\n`;
}
