/** A hand-written SVG chart: throughput bars (left) and p99 bars (right) per setup. */
import type { Report } from './types.js';

const ROW = 30;
const TOP = 56;
const LABEL_W = 120;
const PANEL_W = 330;
const GAP = 50;

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function panel(x0: number, title: string, values: readonly number[], fmt: (n: number) => string, color: string): string {
  const max = Math.max(...values, 1e-9);
  const parts = [`<text x="${x0}" y="${TOP - 14}" class="h">${esc(title)}</text>`];
  values.forEach((v, i) => {
    const w = Math.max(1, (v / max) * (PANEL_W - 70));
    const y = TOP + i * ROW;
    parts.push(`<rect x="${x0}" y="${y}" width="${w.toFixed(1)}" height="${ROW - 10}" fill="${color}"/>`);
    parts.push(`<text x="${(x0 + w + 6).toFixed(1)}" y="${y + ROW - 15}">${esc(fmt(v))}</text>`);
  });
  return parts.join('\n');
}

export function renderSvg(rep: Report): string {
  const rows = rep.setups;
  const width = LABEL_W + PANEL_W * 2 + GAP + 20;
  const height = TOP + rows.length * ROW + 40;
  const labels = rows.map((r, i) => `<text x="${LABEL_W - 8}" y="${TOP + i * ROW + ROW - 15}" text-anchor="end">${esc(r.name)}</text>`);
  const m = rep.machine;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">
<style>.h{font-weight:bold}</style>
<rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="18" class="h">isauth benchmark ${esc(rep.date)}</text>
${labels.join('\n')}
${panel(LABEL_W, 'throughput (req/s)', rows.map((r) => r.rps), (n) => Math.round(n).toLocaleString('en-US'), '#3b7dd8')}
${panel(LABEL_W + PANEL_W + GAP, 'p99 latency (ms), same run', rows.map((r) => r.p99), (n) => n.toFixed(2), '#d8823b')}
<text x="10" y="${height - 12}" fill="#555">${esc(`Node ${m.node} · ${m.cpu} · ${m.cores} cores · ${rep.options.connections} connections · ${rep.options.seconds} s per setup`)}</text>
</svg>
`;
}
