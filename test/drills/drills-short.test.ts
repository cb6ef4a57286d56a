/**
 * The short version of `npm run drills` (bench/drills/, docs/reliability.md) as part of
 * `npm test`: store killed and hung, isauth SIGTERMed under load, hostile headers and session
 * bytes, Redis hung — against the real stack, every answer checked. Needs the bench build
 * (`tsc -p tsconfig.bench.json`, which `npm test` runs).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { havePhpExtensions } from '../harness/php.js';
import { havePrograms } from '../harness/programs.js';

const RUN_JS = fileURLToPath(new URL('../../.bench-build/bench/drills/run.js', import.meta.url));

describe.runIf(havePrograms('nginx', 'memcached', 'redis-server', 'php-fpm') && havePhpExtensions('memcached'))('fault drills (short)', () => {
  it('no wrong variant, no client 5xx from isauth, recovery, bounded memory and fds', () => {
    expect(existsSync(RUN_JS), `${RUN_JS} is missing: run tsc -p tsconfig.bench.json (npm test does)`).toBe(true);
    const r = spawnSync(process.execPath, [RUN_JS, '--short'], { encoding: 'utf8', timeout: 220_000 });
    const out = `${r.stdout}\n${r.stderr}`;
    expect(out).toMatch(/^drills PASS/m);
    expect(r.status, out).toBe(0);
  }, 230_000);
});
