/**
 * The drills as vitest tests: one real stack (stack.ts) for the file, each drill an `it` under
 * load with every answer checked (run-drill.ts), its failures the assertions. The table of results
 * is printed at the end (and written to a file by the full run).
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveFuse } from '../harness/fuse-mount.js';
import { haveMariadb } from '../harness/mariadb.js';
import { havePhpExtensions } from '../harness/php.js';
import { havePostgres } from '../harness/postgres.js';
import { havePrograms } from '../harness/programs.js';
import type { Drill } from './drills.js';
import { RATE, runDrill, table, type Row } from './run-drill.js';
import { startDrillStack, type DrillStack, type StoreKind } from './stack.js';

/** The programs a drill's store needs (missing: skipped loudly; under CI=true the file fails). */
function storeAvailable(store: StoreKind): boolean {
  switch (store) {
    case 'redis-cluster':
    case 'redis-sentinel':
      return havePrograms('redis-cli');
    case 'mariadb':
      return haveMariadb();
    case 'postgres':
      return havePostgres();
    case 'files':
      return haveFuse();
    default:
      return true;
  }
}

export function runDrills(title: string, drills: readonly Drill[], o: { sessions: number; write?: string }): void {
  describe.runIf(havePrograms('nginx', 'memcached', 'redis-server', 'php-fpm') && havePhpExtensions('memcached'))(title, () => {
    let stack: DrillStack;
    const rows: Row[] = [];
    const current = { store: 'memcached', capped: false };
    const started = Date.now();
    const log = (s: string) => console.log(`drills: ${s}`);
    beforeAll(async () => {
      stack = await startDrillStack({ sessions: o.sessions, log });
    }, 180_000);
    afterAll(async () => {
      await stack?.stop();
      const failed = rows.filter((r) => r.failures.length > 0);
      const summary = `drills ${failed.length ? 'FAIL' : 'PASS'} — ${rows.length} drills, ${rows.reduce((a, r) => a + r.requests, 0)} checked answers, ${Math.round((Date.now() - started) / 1000)} s, ${RATE} req/s`;
      const text = table(rows);
      console.log(`\n${text}\n\n${summary}`);
      if (o.write !== undefined && rows.length > 0) writeFileSync(o.write, `${summary}\n\n${text}\n`);
    }, 60_000);

    for (const d of drills) {
      const budget = (d.soak || d.faultySoak ? 7200 : 300) * 1000;
      it.runIf(storeAvailable(d.store))(d.name, async () => {
        log(`${d.name} …`);
        const row = await runDrill(stack, d, current);
        rows.push(row);
        log(`${d.name}: ${row.requests} requests, ${row.wrong} wrong, ${row.fivexx} 5xx, recovery ${row.recoveryMs}, RSS ${row.rss}`);
        expect(row.requests).toBeGreaterThan(0);
        expect(row.wrong).toBe(0);
        expect(row.isauth5xx).toBe(0);
        if (!d.soak) expect(row.recoveryMs).not.toBe('none');
        expect(row.failures).toEqual([]);
      }, budget);
    }
  });
}
