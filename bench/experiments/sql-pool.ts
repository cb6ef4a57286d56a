/**
 * How many connections the SQL store's pool needs (docs/sql.md, "Deadlines and the pool"): isauth
 * alone (no nginx) on MariaDB and PostgreSQL, `?pool=N` for N in 1, 2, 4, 8, 16, autocannon
 * straight at /auth with 1,000 logged-in sessions (a `plain` table), 50 connections, 6 s each
 * after 2 s of warm-up. Per N: answers/s, p99 ms, and CPU per answer of isauth and of the
 * database server (all its processes).
 *
 *   npm run build && npx tsc -p tsconfig.bench.json && node .bench-build/bench/experiments/sql-pool.js
 */
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { startMariadb } from '../../test/harness/mariadb.js';
import { startPostgres } from '../../test/harness/postgres.js';
import { schemaDdl } from '../../test/harness/sql-writers.js';
import { listenerPid, processCpuSeconds, treeCpuSeconds } from '../machine.js';
import { startBenchIsauth } from '../stack/isauth.js';

const POOLS = [1, 2, 4, 8, 16];
const SESSIONS = 1000;
const DATA = 'user|i:42;name|s:5:"alice";';

async function measure(url: string, ids: readonly string[], dbPid: number | undefined): Promise<string> {
  const isauth = await startBenchIsauth({ store: url, flags: ['--timeout', '1000'] });
  try {
    const run = (duration: number) =>
      autocannon({
        url: `http://127.0.0.1:${isauth.port}/auth`,
        connections: 50,
        duration,
        requests: [{ setupRequest: (req) => ({ ...req, headers: { Cookie: `PHPSESSID=${ids[Math.floor(Math.random() * ids.length)]}` } }) }],
      });
    await run(2);
    const [i0, d0] = [processCpuSeconds(isauth.pid), treeCpuSeconds(dbPid)];
    const r = await run(6);
    const [i1, d1] = [processCpuSeconds(isauth.pid), treeCpuSeconds(dbPid)];
    const n = r.requests.total;
    const us = (s: number) => ((s * 1e6) / n).toFixed(0);
    return `${Math.round(r.requests.average)} | ${r.latency.p99} | ${us(i1 - i0)} | ${us(d1 - d0)} | ${r.non2xx + r.errors}`;
  } finally {
    await isauth.stop();
  }
}

async function main(): Promise<void> {
  const ids = Array.from({ length: SESSIONS }, () => randomBytes(16).toString('hex'));
  const expires = Math.floor(Date.now() / 1000) + 86_400;
  const values = ids.map((id) => `('${id}', '${DATA.replace(/'/g, "''")}', ${expires})`).join(', ');
  const m = await startMariadb();
  try {
    await m.sql('CREATE DATABASE app');
    await m.sql(schemaDdl('mysql').plain, 'app');
    await m.sql(`INSERT INTO sessions VALUES ${values}`, 'app');
    const pid = listenerPid(m.port);
    console.log('MariaDB\n| pool | answers/s | p99 ms | isauth µs/answer | mariadbd µs/answer | errors |\n|--:|--:|--:|--:|--:|--:|');
    for (const pool of POOLS) console.log(`| ${pool} | ${await measure(m.url('app', `schema=plain&pool=${pool}`), ids, pid)} |`);
  } finally {
    await m.stop();
  }
  const p = await startPostgres();
  try {
    await p.createDatabase('app');
    await p.sql(schemaDdl('postgres').plain, 'app');
    await p.sql(`INSERT INTO sessions VALUES ${values}`, 'app');
    const pid = listenerPid(p.port);
    console.log('\nPostgreSQL\n| pool | answers/s | p99 ms | isauth µs/answer | postgres µs/answer | errors |\n|--:|--:|--:|--:|--:|--:|');
    for (const pool of POOLS) console.log(`| ${pool} | ${await measure(p.url('app', `schema=plain&pool=${pool}`), ids, pid)} |`);
  } finally {
    await p.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
