/**
 * Self time per function, and per area (isauth's own modules, each package, node internals,
 * GC/idle/program), from a V8 .cpuprofile written by `node --cpu-prof`.
 *   node .bench-build/bench/profile/top.js FILE.cpuprofile [N]
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

interface CallFrame { functionName: string; url: string; lineNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame }
interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

export interface Entry { readonly name: string; readonly ms: number; readonly share: number }

function area(url: string, fn: string): string {
  if (url === '') return fn.startsWith('(') ? fn : '(native/builtin)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1]) return pkg[1];
  if (url.startsWith('node:')) return 'node internals';
  const own = /\/dist\/(.+?)\.js$/.exec(url);
  return own?.[1] ? `isauth ${own[1]}` : url;
}

export function summarize(profile: CpuProfile, top = 20): { functions: Entry[]; areas: Entry[]; totalMs: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const fnTime = new Map<string, number>();
  const areaTime = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const cf = byId.get(id);
    if (!cf || cf.functionName === '(idle)') return; // shares are of busy time
    total += us;
    const short = cf.url.replace(/^.*\/(node_modules|dist)\//, '$1/').replace(/^file:\/\//, '');
    const key = `${cf.functionName || '(anonymous)'} ${short ? `${short}:${cf.lineNumber + 1}` : ''}`.trim();
    fnTime.set(key, (fnTime.get(key) ?? 0) + us);
    const a = area(cf.url, cf.functionName);
    areaTime.set(a, (areaTime.get(a) ?? 0) + us);
  });
  const list = (m: Map<string, number>, n: number): Entry[] =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({ name, ms: Math.round(us / 1000), share: Math.round((us / total) * 1000) / 10 }));
  return { functions: list(fnTime, top), areas: list(areaTime, 15), totalMs: Math.round(total / 1000) };
}

export function renderSummary(file: string, top = 20): string {
  const s = summarize(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, top);
  const row = (e: Entry): string => `| ${e.share.toFixed(1)} % | ${e.ms} | \`${e.name}\` |`;
  return [
    `Profile ${file} — ${s.totalMs} ms busy (idle excluded)`,
    '',
    '| self | ms | function |',
    '|---:|---:|---|',
    ...s.functions.map(row),
    '',
    '| self | ms | area |',
    '|---:|---:|---|',
    ...s.areas.map(row),
    '',
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node .bench-build/bench/profile/top.js FILE.cpuprofile [N]');
    process.exit(2);
  }
  console.log(renderSummary(file, Number(process.argv[3] ?? 25)));
}
