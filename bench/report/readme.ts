/**
 * The README's benchmark table, generated from bench/results/latest.json so it cannot drift:
 * `npm run bench` rewrites the block between the markers, and a unit test checks that the README
 * holds exactly what the saved results render to.
 */
import { addedUs } from './cpu.js';
import type { Report } from './types.js';

export const README_START = '<!-- bench:start (generated from bench/results/latest.json; npm run bench rewrites it) -->';
export const README_END = '<!-- bench:end -->';

const int = (n: number): string => Math.round(n).toLocaleString('en-US');

function cpuPerRequest(rep: Report, name: string, group: string): string {
  const r = rep.setups.find((s) => s.name === name);
  const c = r?.cores[group];
  return r === undefined || c === undefined || r.rps === 0 ? '–' : String(Math.round((c / r.rps) * 1e6));
}

function added(rep: Report, name: string): string {
  const r = rep.setups.find((s) => s.name === name);
  const a = r && addedUs(r, rep.setups);
  return a === undefined ? '–' : String(Math.round(a));
}

/** The block (markers included) for a saved report. */
export function renderReadmeBench(rep: Report): string {
  const m = rep.machine;
  const o = rep.options;
  const limit = rep.setups.find((s) => s.name === 'limit')?.rps;
  const node = rep.setups.find((s) => s.name === 'direct-node')?.rps;
  const rows = rep.setups.map((s) => {
    const vs = s.name === 'direct-node' ? 'ceiling' : s.name.startsWith('direct') && node ? `${(s.rps / node).toFixed(2)} × bare Node` : limit ? (s.rps / limit).toFixed(2) : '–';
    const own = s.name.startsWith('php-fpm') || s.name === 'wordpress-php' ? `(PHP: ${cpuPerRequest(rep, s.name, 'php-fpm')})` : cpuPerRequest(rep, s.name, 'isauth');
    return `| \`${s.name}\`: ${s.description} | ${int(s.rps)} | ${s.p50.toFixed(2)} | ${s.p99.toFixed(2)} | ${vs} | ${own} | ${added(rep, s.name)} |`;
  });
  const targets = rep.targets.map((t) => `${t.target} ${t.goal}: ${t.value}${t.unit === '×' ? '×' : ' ms'} ${t.pass ? '**met**' : '**missed**'}`);
  return [
    README_START,
    `Latest run (${rep.date}) — Node ${m.node}, ${m.cpu}, ${m.cores} cores, ${o.connections} connections, ${o.seconds} s per setup, ${o.pageBytes / 1024} KiB pages, nginx ${o.nginxWorkers} worker, isauth upstream keepalive ${o.upstreamKeepalive}:`,
    '',
    '| setup | req/s | p50 ms | p99 ms | vs limit | isauth µs CPU/request | added server µs CPU/page |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    `Targets: ${targets.join('; ')}.`,
    README_END,
  ].join('\n');
}

/** The README with its benchmark block replaced (unchanged when it has no markers). */
export function replaceReadmeBench(readme: string, rep: Report): string {
  const a = readme.indexOf(README_START);
  const b = readme.indexOf(README_END);
  if (a < 0 || b < a) return readme;
  return readme.slice(0, a) + renderReadmeBench(rep) + readme.slice(b + README_END.length);
}
