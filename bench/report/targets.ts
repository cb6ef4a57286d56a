/**
 * The targets, as ratios within ONE run (2-core machine). Issue #5: isauth ≥ 0.5× limit, ≥ 4×
 * php-fpm, ≥ 1× lua; direct-isauth ≥ 0.8× direct-node; at 50 % of isauth's max rate, isauth's p99
 * at most 1 ms above limit's. Issue #18: isauth-files ≥ 0.9× isauth-tcp (memcached) req/s; its
 * added server CPU per page ≤ 1/5 of php-fpm-files'; Cluster ≥ 0.9× one Redis; memcached's added
 * server CPU per page ≤ 1.25× Lua's (added CPU: report/cpu.ts).
 */
import type { SetupResult } from '../measure.js';
import { addedUs } from './cpu.js';

export interface Target {
  readonly target: string;
  readonly goal: string;
  readonly value: number;
  readonly unit: '×' | 'ms';
  readonly pass: boolean;
}

export const ISAUTH_SETUPS = ['isauth-tcp', 'isauth-unix'] as const;

function ratio(results: readonly SetupResult[], a: string, b: string, min: number, out: Target[]): void {
  const x = results.find((r) => r.name === a);
  const y = results.find((r) => r.name === b);
  if (!x || !y || y.rps === 0) return;
  const value = Math.round((x.rps / y.rps) * 100) / 100;
  out.push({ target: `${a} / ${b}`, goal: `≥ ${min}×`, value, unit: '×', pass: value >= min });
}

/** a's added server CPU per page ÷ b's, at most `max`. */
function cpuRatio(results: readonly SetupResult[], a: string, b: string, max: number, out: Target[]): void {
  const x = results.find((r) => r.name === a);
  const y = results.find((r) => r.name === b);
  const ax = x && addedUs(x, results);
  const by = y && addedUs(y, results);
  if (ax === undefined || by === undefined || by <= 0) return;
  const value = Math.round((ax / by) * 100) / 100;
  out.push({ target: `added server CPU per page: ${a} / ${b}`, goal: `≤ ${max}×`, value, unit: '×', pass: value <= max });
}

export function evaluateTargets(results: readonly SetupResult[], ratePass: readonly SetupResult[]): Target[] {
  const out: Target[] = [];
  for (const i of ISAUTH_SETUPS) {
    ratio(results, i, 'limit', 0.5, out);
    ratio(results, i, 'php-fpm', 4, out);
    ratio(results, i, 'lua', 1, out);
  }
  ratio(results, 'direct-isauth', 'direct-node', 0.8, out);
  ratio(results, 'isauth-files', 'isauth-tcp', 0.9, out);
  cpuRatio(results, 'isauth-files', 'php-fpm-files', 0.2, out);
  ratio(results, 'isauth-redis-cluster', 'isauth-redis', 0.9, out);
  cpuRatio(results, 'isauth-tcp', 'lua', 1.25, out);
  const limit = ratePass.find((r) => r.name === 'limit');
  for (const i of ISAUTH_SETUPS) {
    const r = ratePass.find((x) => x.name === i);
    if (!limit || !r) continue;
    const value = Math.round((r.p99 - limit.p99) * 100) / 100;
    out.push({ target: `p99 at ${r.rate ?? '?'} req/s: ${i} − limit`, goal: '≤ 1 ms', value, unit: 'ms', pass: value <= 1 });
  }
  return out;
}
