/**
 * Every implementation has joined its stage's contract suite. The implementations are read from
 * src/ (the store kinds of the factories and their placements; the exported factories of each
 * codec stage, found by their types), the registrations from the test files'
 * `run…Contract('<name>'…)` calls, the name written literally; it may add a variant in
 * parentheses: `redis (tls)`, `laravelCookieCodec (${cipher})`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stageImplementations } from './implementations.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

function testFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/** The names registered with `suite('name'…)` anywhere under test/ (`raw`: with their variants). */
function registered(suite: string, raw = false): Set<string> {
  const names = new Set<string>();
  const call = new RegExp(`\\b${suite}\\(\\s*['\`]([^'\`]+)['\`]`, 'g');
  for (const f of testFiles('test')) {
    for (const m of readFileSync(f, 'utf8').matchAll(call)) names.add(raw ? m[1]! : m[1]!.replace(/ \(.*\)$/, ''));
  }
  return names;
}

const caseLabels = (file: string): string[] => [...read(file).matchAll(/case '([a-z-]+)':/g)].map((m) => m[1]!);
const unionOf = (file: string, type: string): string[] => {
  const m = new RegExp(`export type ${type} = ([^;]+);`).exec(read(file));
  if (!m) throw new Error(`${file}: no type ${type}`);
  return [...m[1]!.matchAll(/'([a-z_]+)'/g)].map((x) => x[1]!);
};

/** Placement modules (src/stores/placement/) and the variant that runs the contract over each. */
const PLACEMENTS: Record<string, string> = { 'pecl-memcache.ts': 'memcached pecl', 'phpredis-pool.ts': 'redis pool' };

describe('every implementation has joined its contract suite', () => {
  it('SessionStore: every store kind, SQL dialect, memcached distribution, placement, replicas, files reader, the breaker', () => {
    const kinds = caseLabels('src/stores/factory.ts');
    expect(caseLabels('src/stores/open.ts')).toEqual(kinds); // the service's factory builds the same kinds
    const wanted = new Set(kinds.flatMap((k) => (k === 'sql' ? unionOf('src/stores/sql/spec.ts', 'SqlDialect') : [k])));
    for (const d of unionOf('src/stores/types.ts', 'MemcachedDistribution')) wanted.add(`memcached ${d}`);
    wanted.delete('memcached'); // joined through its distributions
    if (/replicas\?: number/.test(read('src/stores/types.ts'))) wanted.add('memcached replicas');
    for (const f of readdirSync(join(ROOT, 'src/stores/placement'))) {
      expect(PLACEMENTS[f], `src/stores/placement/${f}: name the contract variant that runs over it`).toBeDefined();
      wanted.add(PLACEMENTS[f]!);
    }
    const have = registered('runStoreContract');
    expect([...wanted].filter((w) => !have.has(w)), 'store kinds without a runStoreContract(…) registration').toEqual([]);
    expect([...have].filter((h) => !wanted.has(h)), 'registrations naming no store kind').toEqual([]);
    const raw = [...registered('runStoreContract', true)];
    // The wrapper every store runs in (src/stores/breaker.ts) is a SessionStore too.
    expect(raw.some((n) => n.endsWith('(circuit breaker)'))).toBe(true);
    // Each reader of the files store (src/stores/files-mode.ts).
    for (const io of unionOf('src/stores/files-mode.ts', 'FilesIo')) expect(raw.some((n) => n.startsWith('files (') && n.includes(`${io} reads`)), io).toBe(true);
  });

  for (const stage of stageImplementations()) {
    it(`${stage.interface}: every factory exported from ${stage.folder}`, () => {
      const have = registered(stage.suite);
      expect(stage.exports.length).toBeGreaterThan(0);
      expect(stage.exports.filter((e) => !have.has(e)), `without a ${stage.suite}(…) registration`).toEqual([]);
      expect([...have].filter((h) => !stage.exports.includes(h)), `${stage.suite}(…) names that are no export`).toEqual([]);
    });
  }
});
