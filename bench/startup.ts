/**
 * CLI start-up (issue 18: `isauth decode` and `isauth check` within 3× a bare `node -e 0`): whole
 * process wall time of each command, the median of N rounds, each round running `node -e 0` and
 * then every command in turn (interleaved, so a busy moment touches all of them alike). Every
 * `check` reads a real session that PHP's own files handler wrote (the same bytes copied into
 * memcached, Redis, MariaDB and PostgreSQL under the keys PHP's handlers use) and must answer
 * "logged in" (exit 0): a command that failed would be timed for nothing, so that stops the run.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { haveMariadb, startMariadb } from '../test/harness/mariadb.js';
import { mcSet } from '../test/harness/memcached-text.js';
import { runPhp } from '../test/harness/php.js';
import { havePostgres, startPostgres } from '../test/harness/postgres.js';
import { havePrograms } from '../test/harness/programs.js';
import { startMemcached, startRedis, tempDir } from '../test/harness/servers.js';
import { isauthMain } from './paths.js';
import type { Target } from './report/targets.js';

export interface StartupRow {
  readonly name: string;
  /** The command as a reader would type it (ports and paths shortened). */
  readonly shown: string;
  /** Median wall time, ms. */
  readonly ms: number;
  /** ms ÷ `node -e 0`'s median. */
  readonly ratio: number;
}

export interface StartupResult {
  readonly rounds: number;
  readonly nodeMs: number;
  readonly rows: readonly StartupRow[];
  /** Stores left out, with why (a program missing). */
  readonly skipped: readonly string[];
}

/** The goal: each command within this many times a bare node. */
export const STARTUP_GOAL = 3;

interface Command {
  readonly name: string;
  readonly shown: string;
  readonly args: readonly string[];
}

const SID = 'startupbench0123456789abcdef';

function timeOnce(args: readonly string[]): { ms: number; status: number | null; out: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 30_000 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, status: r.status, out: `${r.stdout}${r.stderr}` };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

export async function measureStartup(o: { rounds: number; log: (line: string) => void }): Promise<StartupResult> {
  const dir = tempDir('bench-startup');
  // PHP's own files handler writes the session; its bytes are then copied to every other store.
  runPhp(`session_save_path(${JSON.stringify(dir)}); session_id('${SID}'); session_start(); $_SESSION['user'] = ['id' => 5, 'name' => 'ann', 'roles' => ['editor']]; session_write_close(); echo 'ok';`);
  const bytes = readFileSync(join(dir, `sess_${SID}`));
  const main = isauthMain();
  const check = (store: string): string[] => [main, 'check', SID, '--store', store, '--auth', 'user|id', '--timeout', '5000'];
  const commands: Command[] = [
    { name: 'decode', shown: 'isauth decode FILE', args: [main, 'decode', join(dir, `sess_${SID}`)] },
    { name: 'check files', shown: 'isauth check SID --store files:/dir', args: check(`files:${dir}`) },
  ];
  const stops: Array<() => Promise<void>> = [];
  const skipped: string[] = [];
  try {
    if (havePrograms('memcached')) {
      const mc = await startMemcached();
      stops.push(() => mc.stop());
      await mcSet(mc.port, `memc.sess.key.${SID}`, bytes);
      commands.push({ name: 'check memcached', shown: 'isauth check SID --store memcached://…', args: check(mc.url) });
    } else skipped.push('memcached (not installed)');
    if (havePrograms('redis-server')) {
      const redis = await startRedis();
      stops.push(() => redis.stop());
      const client = new Redis(redis.port, redis.host);
      await client.set(`PHPREDIS_SESSION:${SID}`, bytes);
      await client.quit();
      commands.push({ name: 'check redis', shown: 'isauth check SID --store redis://…', args: check(redis.url) });
    } else skipped.push('redis (not installed)');
    if (haveMariadb()) {
      const db = await startMariadb();
      stops.push(() => db.stop());
      await db.sql('CREATE DATABASE app; CREATE TABLE app.sessions (session_id VARCHAR(128) PRIMARY KEY, session_data BLOB, session_expiration INT)');
      const c = await db.connect('app');
      await c.query('INSERT INTO sessions VALUES (?, ?, ?)', [SID, bytes, Math.floor(Date.now() / 1000) + 3600]);
      await c.end();
      commands.push({ name: 'check mysql', shown: 'isauth check SID --store mysql://…', args: check(db.url('app')) });
    } else skipped.push('mariadb (not installed)');
    if (havePostgres()) {
      const pg = await startPostgres();
      stops.push(() => pg.stop());
      await pg.createDatabase('app');
      await pg.sql('CREATE TABLE sessions (session_id VARCHAR(128) PRIMARY KEY, session_data BYTEA, session_expiration INT)', 'app');
      await pg.sql(`INSERT INTO sessions VALUES ('${SID}', decode('${bytes.toString('hex')}', 'hex'), ${Math.floor(Date.now() / 1000) + 3600})`, 'app');
      commands.push({ name: 'check postgres', shown: 'isauth check SID --store postgres://…', args: check(pg.url('app')) });
    } else skipped.push('postgres (not installed)');

    // One untimed round: the page cache holds node and every module afterwards, as in real use.
    for (const c of commands) {
      const r = timeOnce(c.args);
      if (r.status !== 0) throw new Error(`${c.shown} exited ${r.status} (0 = logged in expected):\n${r.out}`);
    }
    const node: number[] = [];
    const times = new Map<string, number[]>(commands.map((c) => [c.name, []]));
    for (let i = 0; i < o.rounds; i++) {
      node.push(timeOnce(['-e', '0']).ms);
      for (const c of commands) {
        const r = timeOnce(c.args);
        if (r.status !== 0) throw new Error(`${c.shown} exited ${r.status} in round ${i + 1}:\n${r.out}`);
        times.get(c.name)?.push(r.ms);
      }
    }
    const nodeMs = median(node);
    const rows = commands.map((c) => {
      const ms = median(times.get(c.name) ?? []);
      return { name: c.name, shown: c.shown, ms: Math.round(ms), ratio: Math.round((ms / nodeMs) * 100) / 100 };
    });
    for (const r of rows) o.log(`start-up: ${r.shown}: ${r.ms} ms, ${r.ratio}× node -e 0 (${Math.round(nodeMs)} ms)`);
    return { rounds: o.rounds, nodeMs: Math.round(nodeMs), rows, skipped };
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

export function startupTargets(s: StartupResult): Target[] {
  return s.rows.map((r) => ({ target: `CLI start-up: ${r.shown} / node -e 0`, goal: `≤ ${STARTUP_GOAL}×`, value: r.ratio, unit: '×' as const, pass: r.ratio <= STARTUP_GOAL }));
}

export function renderStartup(s: StartupResult): string {
  const lines = [
    `CLI start-up: whole-process wall time, median of ${s.rounds} interleaved rounds; \`node -e 0\`: ${s.nodeMs} ms. Each check read a session PHP wrote and answered "logged in".`,
    '',
    '| command | ms | ÷ node -e 0 | goal |',
    '|---|---:|---:|---|',
    ...s.rows.map((r) => `| \`${r.shown}\` | ${r.ms} | ${r.ratio}× | ${r.ratio <= STARTUP_GOAL ? 'PASS' : 'MISS'} (≤ ${STARTUP_GOAL}×) |`),
  ];
  if (s.skipped.length > 0) lines.push('', `Not measured: ${s.skipped.join(', ')}.`);
  return `${lines.join('\n')}\n`;
}
