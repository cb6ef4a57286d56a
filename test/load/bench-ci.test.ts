/**
 * The CI load smoke test (`npm run bench:ci`) as part of `npm test`: the shipped isauth-tcp site
 * under ~15 s of load must answer every request, each with the right variant, above a floor far
 * below the real throughput. Needs the bench build (`tsc -p tsconfig.bench.json`, which
 * `npm test` runs).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { havePhpExtensions } from '../harness/php.js';
import { havePrograms } from '../harness/programs.js';

const CI_JS = fileURLToPath(new URL('../../.bench-build/bench/ci.js', import.meta.url));

describe.runIf(havePrograms('nginx', 'memcached') && havePhpExtensions('memcached'))('bench:ci load smoke test', () => {
  it('serves the shipped site under load with no error and no wrong variant', () => {
    expect(existsSync(CI_JS), `${CI_JS} is missing: run tsc -p tsconfig.bench.json (npm test does)`).toBe(true);
    const r = spawnSync(process.execPath, [CI_JS], { encoding: 'utf8', timeout: 120_000 });
    const out = `${r.stdout}\n${r.stderr}`;
    expect(out).toMatch(/^bench:ci PASS/m);
    expect(r.status, out).toBe(0);
  }, 150_000);
});
