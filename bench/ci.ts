/**
 * `npm run bench:ci` — a ~20 s load smoke test: the shipped isauth-tcp site under load with 1,000
 * real PHP sessions. FAILS (exit 1) on any error, non-2xx, wrong variant, or a throughput under
 * a floor far below the target (CI machines are noisy: this is not a timed test). A missing
 * program skips loudly (exit 0) locally and fails under CI=true.
 */
import { runLoad } from './load.js';
import { ensureRepoLinks } from './paths.js';
import { havePrerequisites } from './preflight.js';
import { isauthTcp } from './setups/isauth.js';
import { exitOnSignals } from './signals.js';
import { startBase } from './stack/base.js';

const SESSIONS = 1000;
const CONNECTIONS = 32;
const WARMUP_S = 2;
const SECONDS = Number(process.env.BENCH_CI_SECONDS ?? 15);
const FLOOR_RPS = Number(process.env.BENCH_CI_FLOOR ?? 1000);

async function main(): Promise<number> {
  exitOnSignals();
  ensureRepoLinks();
  if (!havePrerequisites(isauthTcp.programs)) {
    console.warn('bench:ci SKIPPED: programs missing (see above) — this is not a pass');
    return 0;
  }
  const log = (line: string): void => console.log(`bench:ci ${line}`);
  const base = await startBase({ sessions: SESSIONS, php: false, phpChildren: 0, nginxWorkers: 1, isauthFlags: [], log });
  try {
    const setup = await isauthTcp.start(base.ctx);
    try {
      await runLoad(setup.target, { visitors: base.visitors, connections: CONNECTIONS, seconds: WARMUP_S });
      log(`${isauthTcp.name}: ${CONNECTIONS} connections, ${SECONDS} s …`);
      const r = await runLoad(setup.target, { visitors: base.visitors, connections: CONNECTIONS, seconds: SECONDS });
      const problems: string[] = [];
      if (r.errors + r.timeouts > 0) problems.push(`${r.errors} errors, ${r.timeouts} timeouts`);
      if (r.non2xx > 0) problems.push(`${r.non2xx} non-2xx answers`);
      if (r.mismatches > 0) problems.push(`${r.mismatches} wrong variants (${r.samples.join('; ')})`);
      if (r.rps < FLOOR_RPS) problems.push(`${Math.round(r.rps)} req/s is under the floor of ${FLOOR_RPS}`);
      const figures = `${r.requests} requests, ${Math.round(r.rps)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms`;
      if (problems.length > 0) {
        console.error(`bench:ci FAIL — ${figures}: ${problems.join('; ')}`);
        return 1;
      }
      console.log(`bench:ci PASS — ${figures}, every answer carried the right variant`);
      return 0;
    } finally {
      await setup.stop();
    }
  } finally {
    await base.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`bench:ci FAIL — ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    process.exit(1);
  },
);
