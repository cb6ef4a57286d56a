/**
 * The targets of issue #5, as ratios within ONE run (2-core machine):
 * isauth ≥ 0.5× limit, ≥ 4× php-fpm, ≥ 1× lua; direct-isauth ≥ 0.8× direct-node; and at 50 % of
 * isauth's max rate, isauth's p99 at most 1 ms above limit's.
 */
import type { SetupResult } from '../measure.js';

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

export function evaluateTargets(results: readonly SetupResult[], ratePass: readonly SetupResult[]): Target[] {
  const out: Target[] = [];
  for (const i of ISAUTH_SETUPS) {
    ratio(results, i, 'limit', 0.5, out);
    ratio(results, i, 'php-fpm', 4, out);
    ratio(results, i, 'lua', 1, out);
  }
  ratio(results, 'direct-isauth', 'direct-node', 0.8, out);
  const limit = ratePass.find((r) => r.name === 'limit');
  for (const i of ISAUTH_SETUPS) {
    const r = ratePass.find((x) => x.name === i);
    if (!limit || !r) continue;
    const value = Math.round((r.p99 - limit.p99) * 100) / 100;
    out.push({ target: `p99 at ${r.rate ?? '?'} req/s: ${i} − limit`, goal: '≤ 1 ms', value, unit: 'ms', pass: value <= 1 });
  }
  return out;
}
