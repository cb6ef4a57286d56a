/**
 * A real PostgreSQL 15 for tests: `initdb` (as user postgres, trust auth) into a temp dir owned by
 * postgres, then `postgres` on a free port, socket in the same dir; `log_statement=all` into
 * `<dir>/pg.log` when asked. `havePostgres()`: skip loudly locally, fail under CI=true.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { havePrograms, IN_CI } from './programs.js';
import { tempDir } from './servers.js';
import { superviseServer, untilOk, type SqlServer } from './sql-servers.js';

const BIN = ['/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'].find((d) => existsSync(join(d, 'postgres')));

export function havePostgres(): boolean {
  if (!havePrograms('runuser')) return false;
  if (BIN !== undefined) return true;
  const msg = 'MISSING PROGRAM(S): postgres (/usr/lib/postgresql/*/bin) — run scripts/install-test-deps.sh';
  if (IN_CI) throw new Error(msg);
  console.warn(`\n!!!!! ${msg}. SKIPPING the tests that need them. !!!!!\n`);
  return false;
}

export interface Postgres extends SqlServer {
  url(db: string, query?: string): string;
  sql(text: string, db?: string): Promise<pg.QueryResult>;
  createDatabase(name: string): Promise<void>;
  log(): string;
}

/** The postmaster (data/postmaster.pid) and every process it started. */
async function signalTree(data: string, sig: NodeJS.Signals): Promise<void> {
  const root = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const pids = [root];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat = '';
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue;
    }
    if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === root) pids.push(Number(name));
  }
  // A backend may exit between the listing and the signal (ESRCH): it needs no signal then.
  const alive = pids.filter((pid) => {
    try {
      process.kill(pid, sig);
      return true;
    } catch {
      return false;
    }
  });
  if (sig !== 'SIGSTOP') return;
  const stateOf = (pid: number): string => {
    try {
      return readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      return ') T '; // gone: nothing left to wait for
    }
  };
  for (const pid of alive) {
    for (let i = 0; i < 400 && !/\) [tT] /.test(stateOf(pid)); i++) await new Promise((r) => setTimeout(r, 5));
  }
}

function uidOf(user: string): number {
  return Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
}

export async function startPostgres(o: { logStatements?: boolean } = {}): Promise<Postgres> {
  const dir = tempDir('postgres');
  const uid = uidOf('postgres');
  chownSync(dir, uid, uid);
  const data = join(dir, 'data');
  const bin = (p: string) => join(BIN ?? '', p);
  execFileSync('runuser', ['-u', 'postgres', '--', bin('initdb'), '-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'], { stdio: 'ignore' });
  const logFile = join(dir, 'pg.log');
  const client = async (db = 'postgres', port = server.port) => {
    const c = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: db });
    await c.connect();
    return c;
  };
  const server: SqlServer = await superviseServer(
    'runuser',
    (port) => [
      '-u', 'postgres', '--', bin('postgres'), '-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1',
      '-c', 'fsync=off', '-c', 'logging_collector=off',
      ...(o.logStatements ? ['-c', 'log_statement=all', '-c', 'logging_collector=on', '-c', `log_directory=${dir}`, '-c', 'log_filename=pg.log'] : []),
    ],
    dir,
    (port) => untilOk(async () => (await client('postgres', port)).end()),
  );
  const sql = async (text: string, db?: string) => {
    const c = await client(db);
    try {
      return await c.query(text);
    } finally {
      await c.end();
    }
  };
  return {
    ...server,
    // runuser forks postgres, which forks a backend per connection: stop them all.
    pause: () => signalTree(data, 'SIGSTOP'),
    // runuser may exit before postgres does: ask the postmaster for a fast shutdown, wait for it.
    async stop() {
      const pidFile = join(data, 'postmaster.pid');
      if (existsSync(pidFile)) {
        await signalTree(data, 'SIGCONT');
        process.kill(Number(readFileSync(pidFile, 'utf8').split('\n')[0]), 'SIGINT');
        for (let i = 0; i < 1000 && existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 10));
      }
      await server.stop();
    },
    resume: () => void signalTree(data, 'SIGCONT'),
    url: (db, query) => `postgres://postgres@127.0.0.1:${server.port}/${db}${query ? `?${query}` : ''}`,
    sql,
    createDatabase: async (name) => void (await sql(`CREATE DATABASE "${name}"`)),
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
  };
}
