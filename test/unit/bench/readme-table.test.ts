import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README_END, README_START, renderReadmeBench, replaceReadmeBench } from '../../../bench/report/readme.js';
import type { Report } from '../../../bench/report/types.js';

const readmeUrl = new URL('../../../README.md', import.meta.url);
const report = JSON.parse(readFileSync(new URL('../../../bench/results/latest.json', import.meta.url), 'utf8')) as Report;

describe("the README's benchmark table", () => {
  it('is exactly what bench/results/latest.json renders to (regenerate: UPDATE_DOCS=1)', () => {
    const readme = readFileSync(readmeUrl, 'utf8');
    const want = replaceReadmeBench(readme.replace(/<!-- bench:start[^>]*-->[\s\S]*?<!-- bench:end -->/, `${README_START}\n${README_END}`), report);
    if (process.env.UPDATE_DOCS === '1') writeFileSync(readmeUrl, want);
    expect(readFileSync(readmeUrl, 'utf8')).toBe(want);
  });
  it('carries every setup of the run, with its ratio to the limit', () => {
    const block = renderReadmeBench(report);
    for (const s of report.setups) expect(block).toContain(`\`${s.name}\``);
    const limit = report.setups.find((s) => s.name === 'limit')!.rps;
    const tcp = report.setups.find((s) => s.name === 'isauth-tcp')!.rps;
    expect(block).toContain(` ${(tcp / limit).toFixed(2)} |`);
  });
});
