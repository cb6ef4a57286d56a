/**
 * Store passwords are never printed nor logged (issue 17), whatever they hold: `@ / % :` and
 * spaces. Every place a store URL shows — `--check-config` (flag, env var, config file, php.ini, wp-config.php),
 * configuration errors, the startup log line, `/readyz`'s log lines, `isauth check` in text and
 * JSON, a password from `--store-password-file` — with the built CLI against REAL servers that require that password: Redis
 * (`requirepass`), MariaDB and PostgreSQL (a user with that password), and a php.ini whose
 * save_path PHP itself used to write the session. A wrong password is not printed either.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ISAUTH_MAIN, haveIsauthBuild } from '../../harness/isauth.js';
import { haveMariadb, startMariadb, type Mariadb } from '../../harness/mariadb.js';
import { havePhpExtensions } from '../../harness/php.js';
import { haveDebianPhpIni, phpIniFixture, runPhpWithIni } from '../../harness/php-ini-fixture.js';
import { newSessionId } from '../../harness/php-session.js';
import { havePostgres, startPostgres, type Postgres } from '../../harness/postgres.js';
import { spawnTracked, type Tracked } from '../../harness/process.js';
import { havePrograms } from '../../harness/programs.js';
import { freePort, startRedis, tempDir, type RunningServer } from '../../harness/servers.js';

/** The password every server requires, and a wrong one: each with `@ / % :` and a space. */
const PW = 'p@ss/w0rd% :Qx';
const WRONG = 'wr@ng/Pw% :Zk';
const enc = encodeURIComponent;

/** No run of 4 characters of a password, as given or percent-encoded, is in `text`. */
function expectNoSecret(text: string, ...secrets: string[]): void {
  for (const s of secrets) {
    for (const form of [s, enc(s)]) {
      for (let i = 0; i + 4 <= form.length; i++) expect(text, `"${form.slice(i, i + 4)}" of a password in:\n${text}`).not.toContain(form.slice(i, i + 4));
    }
  }
}

const env = (more: Record<string, string> = {}): NodeJS.ProcessEnv => ({ PATH: process.env.PATH ?? '', ...more });

function cli(args: string[], extraEnv: Record<string, string> = {}): { code: number | null; out: string } {
  // A generous store deadline: a loaded machine must not turn an answer into a timeout.
  const r = spawnSync(process.execPath, [ISAUTH_MAIN, ...args, ...(args[0] === 'check' ? ['--timeout', '10000'] : [])], { encoding: 'utf8', env: env(extraEnv), timeout: 20_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** `--check-config` prints the store line; returns the whole output (checked for secrets by the caller). */
function checkConfig(args: string[], extraEnv: Record<string, string> = {}): string {
  const r = cli(['serve', ...args, '--check-config'], extraEnv);
  expect(r.code, r.out).toBe(0);
  return r.out;
}

/** A file holding the password, as a Docker secret or systemd credential hands it over (mode 0600, a trailing newline). */
function passwordFile(pw: string): string {
  const file = join(tempDir('pw-file'), 'store-password');
  writeFileSync(file, `${pw}\n`, { mode: 0o600 });
  return file;
}

/** `--store-password-file` and `ISAUTH_STORE_PASSWORD_FILE`: the server accepts it (readyz 200, check reads), nothing shows it. */
async function expectPasswordFromFile(bare: string, shown: string): Promise<void> {
  const file = passwordFile(PW);
  const ok = await logUntilReady(await serve(['--store', bare, '--store-password-file', file]), 200);
  expect(ok).toContain(`"store":"${shown}"`);
  expectNoSecret(ok, PW);
  const r = cli(['check', newSessionId(), '--store', bare, '--json'], { ISAUTH_STORE_PASSWORD_FILE: file });
  expect(r.code, r.out).toBe(1); // no such session: the store answered, so it took the password
  expect(r.out).toContain(shown);
  expectNoSecret(r.out, PW);
  const c = checkConfig(['--store', bare, '--store-password-file', file]);
  expect(c).toContain(`--store-password (set, not shown)   ← ${file}, from --store-password-file`);
  expectNoSecret(c, PW);
}

interface Served {
  readonly port: number;
  readonly proc: Tracked;
  log(): string;
  readyz(): Promise<number>;
}

const served = new Set<Tracked>();

/** `isauth serve` at trace level (every log line), its whole output kept. */
async function serve(args: string[]): Promise<Served> {
  const port = await freePort();
  const proc = spawnTracked('isauth', process.execPath, [ISAUTH_MAIN, 'serve', '--listen', `127.0.0.1:${port}`, '--log-level', 'trace', ...args], { env: env() });
  served.add(proc);
  let log = '';
  proc.child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  proc.child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const status = (path: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
  await proc.started(
    (async () => {
      for (let i = 0; i < 400; i++) {
        if ((await status('/healthz').catch(() => 0)) === 200) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`isauth did not start: ${log}`);
    })(),
  );
  return { port, proc, log: () => log, readyz: () => status('/readyz') };
}

/** Until /readyz answers `want` (the store checked), then stop; the whole log. */
async function logUntilReady(s: Served, want: 200 | 503): Promise<string> {
  let last = 0;
  for (let i = 0; i < 200 && last !== want; i++) {
    last = await s.readyz();
    if (last !== want) await new Promise((r) => setTimeout(r, 50));
  }
  expect(last, s.log()).toBe(want);
  await s.proc.stop();
  return s.log();
}

afterAll(async () => {
  for (const p of served) await p.stop();
});

describe.runIf(haveIsauthBuild())('store passwords in --check-config and configuration errors', () => {
  const urls = [
    'redis://:p@ss/w0rd@127.0.0.1:6379', // as typed, not encoded: the case
    'redis://:S3cr@tPw@127.0.0.1', // idem
    `redis://isauth:${enc(PW)}@h1:6379,h2:6380/2?prefix=app%3A`,
    `rediss://isauth:${enc(PW)}@cache:6380`,
    `redis-cluster://:${enc(PW)}@a:7000,b:7001?read=replica`,
    `redis-sentinel://isauth:${enc(PW)}@s1:26379,s2:26379/mymaster/1`,
    'mysql://isauth:S3cr@tPw@db/app', // the case
    `mysql://isauth:${enc(PW)}@db:3307/app?schema=laravel`,
    `mariadb://isauth:${enc(PW)}@db/app`,
    `postgres://isauth:${enc(PW)}@db/app?schema=django`,
  ];

  it('the store line shows *** for the password, from a flag, an env var and a config file', () => {
    for (const url of urls) {
      const out = checkConfig(['--store', url]);
      expect(out).toMatch(/^ *--store [a-z+-]+:\/\/[^ ]*:\*\*\*@/m);
      expectNoSecret(out, PW, 'S3cr@tPw', 'p@ss/w0rd');
      expectNoSecret(checkConfig([], { ISAUTH_STORE: url }), PW, 'S3cr@tPw', 'p@ss/w0rd');
      const file = join(tempDir('pw-config'), 'isauth.json');
      writeFileSync(file, JSON.stringify({ store: url }));
      expectNoSecret(checkConfig(['--config', file]), PW, 'S3cr@tPw', 'p@ss/w0rd');
    }
    expect(checkConfig(['--store', 'redis://:p@ss/w0rd@127.0.0.1:6379'])).toMatch(/^ *--store redis:\/\/:\*\*\*@127\.0\.0\.1:6379 /m);
    expect(checkConfig(['--store', 'mysql://isauth:S3cr@tPw@db/app'])).toMatch(/^ *--store mysql:\/\/isauth:\*\*\*@db:3306\/app /m);
  }, 180_000);

  it('wp-config.php: the store derived from DB_PASSWORD', () => {
    const file = join(tempDir('pw-wp'), 'wp-config.php');
    const php = (v: string): string => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    writeFileSync(file, `<?php
define( 'DB_NAME', 'wp' );
define( 'DB_USER', 'wpuser' );
define( 'DB_PASSWORD', ${php(PW)} );
define( 'DB_HOST', '127.0.0.1:3307' );
define( 'LOGGED_IN_KEY', ${php('k'.repeat(64))} );
define( 'LOGGED_IN_SALT', ${php('s'.repeat(64))} );
$table_prefix = 'wp_';
define( 'WP_SITEURL', 'http://example.test' );
`);
    const out = checkConfig(['--framework', 'wordpress', '--wp-config', file]);
    expect(out).toMatch(/^ *--store mysql:\/\/wpuser:\*\*\*@127\.0\.0\.1:3307\/wp /m);
    expectNoSecret(out, PW);
  });

  it('a store URL that does not parse is refused without quoting its password', () => {
    for (const url of [
      'redis://:Secret?Word@host', // `?` not encoded: the query would start inside the password
      'redis://:Secret#Word@host',
      'memcached://user:SecretWord@host', // memcached takes no credentials
      'mysql://isauth:Secret/Word@db/app', // `/` not encoded: WHATWG ends the host there
      'postgres://u:SecretWord@db/app?pool=Secret@',
    ]) {
      const r = cli(['serve', '--store', url, '--check-config']);
      expect(r.code).toBe(78);
      expect(r.out).toContain('--store');
      expect(r.out).not.toMatch(/Secret|Word/);
    }
  });
});

describe.runIf(haveIsauthBuild() && havePrograms('redis-server') && havePhpExtensions('redis') && haveDebianPhpIni())('a Redis that requires the password', () => {
  let redis: RunningServer;
  let url: string;
  const id = newSessionId();

  beforeAll(async () => {
    redis = await startRedis({ args: ['--requirepass', PW] });
    url = `redis://:${enc(PW)}@127.0.0.1:${redis.port}`;
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('the startup line and /readyz logs, with the right and a wrong password', async () => {
    const ok = await logUntilReady(await serve(['--store', url]), 200);
    expect(ok).toContain(`"store":"redis://:***@127.0.0.1:${redis.port}"`);
    expectNoSecret(ok, PW);
    const wrong = await logUntilReady(await serve(['--store', `redis://:${enc(WRONG)}@127.0.0.1:${redis.port}`]), 503);
    expect(wrong).toMatch(/WRONGPASS/);
    expectNoSecret(wrong, PW, WRONG);
  });

  it('php.ini: PHP writes the session with that save_path; --check-config, the startup line and isauth check mask it', async () => {
    // PHP's treat_data decodes the query: `%` is `%25`, a space `%20`; `@ / :` stay as typed.
    const phpAuth = PW.replace(/%/g, '%25').replace(/ /g, '%20');
    const f = phpIniFixture({ 'session.save_handler': 'redis', 'session.save_path': `"tcp://127.0.0.1:${redis.port}?auth=${phpAuth}"` });
    expect(runPhpWithIni(f, `session_id('${id}'); session_start(); $_SESSION['user'] = ['id' => 5]; session_write_close(); echo 'ok';`)).toBe('ok');
    const shown = checkConfig(['--php-ini', f.ini]);
    expect(shown).toMatch(new RegExp(`^ *--store redis://:\\*\\*\\*@127\\.0\\.0\\.1:${redis.port}\\?prefix=PHPREDIS_SESSION%3A `, 'm'));
    expectNoSecret(shown, PW);
    const log = await logUntilReady(await serve(['--php-ini', f.ini]), 200); // 200: the derived password is right
    expectNoSecret(log, PW);
    for (const format of [[], ['--json'], ['--show-session']]) {
      const r = cli(['check', id, '--php-ini', f.ini, '--auth', 'user|id', ...format]);
      expect(r.code, r.out).toBe(0); // logged in: the store was read with the password
      expect(r.out).toContain(':***@127.0.0.1');
      expectNoSecret(r.out, PW);
    }
  });

  it('the password from a file (--store-password-file, ISAUTH_STORE_PASSWORD_FILE), the URL holding none', async () => {
    await expectPasswordFromFile(`redis://127.0.0.1:${redis.port}`, `redis://:***@127.0.0.1:${redis.port}`);
  }, 60_000);

  it('isauth check: text and JSON, with the right and a wrong password', () => {
    for (const [pw, code] of [[PW, 1], [WRONG, 2]] as const) {
      for (const format of [[], ['--json']]) {
        const r = cli(['check', newSessionId(), '--store', `redis://:${enc(pw)}@127.0.0.1:${redis.port}`, ...format]);
        expect(r.code, r.out).toBe(code); // 1: no such session; 2: the store refused (WRONGPASS)
        expect(r.out).toContain(`redis://:***@127.0.0.1:${redis.port}`);
        expectNoSecret(r.out, PW, WRONG);
      }
    }
  });
});

describe.runIf(haveIsauthBuild() && haveMariadb())('a MariaDB user with the password', () => {
  let db: Mariadb;
  const url = (pw: string) => `mysql://isauth:${enc(pw)}@127.0.0.1:${db.port}/app`;

  beforeAll(async () => {
    db = await startMariadb();
    await db.sql(`CREATE DATABASE app; CREATE TABLE app.sessions (session_id VARCHAR(128) PRIMARY KEY, session_data BLOB, session_expiration INT);
      CREATE USER 'isauth'@'127.0.0.1' IDENTIFIED BY '${PW.replace(/'/g, "''")}'; GRANT SELECT ON app.* TO 'isauth'@'127.0.0.1';`);
  }, 60_000);
  afterAll(async () => {
    await db?.stop();
  });

  it('the startup line, /readyz logs and isauth check, with the right and a wrong password', async () => {
    const ok = await logUntilReady(await serve(['--store', url(PW)]), 200);
    expect(ok).toContain(`"store":"mysql://isauth:***@127.0.0.1:${db.port}/app"`);
    expectNoSecret(ok, PW);
    const wrong = await logUntilReady(await serve(['--store', url(WRONG)]), 503);
    expect(wrong).toContain('Access denied');
    expectNoSecret(wrong, PW, WRONG);
    for (const [pw, code] of [[PW, 1], [WRONG, 2]] as const) {
      const r = cli(['check', newSessionId(), '--store', url(pw), '--json']);
      expect(r.code, r.out).toBe(code);
      expect(r.out).toContain(`mysql://isauth:***@127.0.0.1:${db.port}/app`);
      expectNoSecret(r.out, PW, WRONG);
    }
  }, 60_000);

  it('the password from a file (--store-password-file, ISAUTH_STORE_PASSWORD_FILE), the URL holding none', async () => {
    await expectPasswordFromFile(`mysql://isauth@127.0.0.1:${db.port}/app`, `mysql://isauth:***@127.0.0.1:${db.port}/app`);
  }, 60_000);
});

describe.runIf(haveIsauthBuild() && havePostgres())('a PostgreSQL role with the password', () => {
  let db: Postgres;
  const url = (pw: string) => `postgres://isauth:${enc(pw)}@127.0.0.1:${db.port}/app`;

  beforeAll(async () => {
    db = await startPostgres();
    await db.createDatabase('app');
    await db.sql(`CREATE ROLE isauth LOGIN PASSWORD '${PW.replace(/'/g, "''")}'`);
    await db.sql('CREATE TABLE sessions (session_id VARCHAR(128) PRIMARY KEY, session_data BYTEA, session_expiration INT); GRANT SELECT ON sessions TO isauth', 'app');
    // The harness trusts every local connection: make this role prove its password.
    const hba = String((await db.sql('SHOW hba_file')).rows[0]?.hba_file);
    const { readFileSync } = await import('node:fs');
    writeFileSync(hba, `host all isauth 127.0.0.1/32 scram-sha-256\n${readFileSync(hba, 'utf8')}`);
    await db.sql('SELECT pg_reload_conf()');
  }, 60_000);
  afterAll(async () => {
    await db?.stop();
  });

  it('the startup line, /readyz logs and isauth check, with the right and a wrong password', async () => {
    const ok = await logUntilReady(await serve(['--store', url(PW)]), 200);
    expect(ok).toContain(`"store":"postgres://isauth:***@127.0.0.1:${db.port}/app"`);
    expectNoSecret(ok, PW);
    const wrong = await logUntilReady(await serve(['--store', url(WRONG)]), 503);
    expect(wrong).toContain('password authentication failed');
    expectNoSecret(wrong, PW, WRONG);
    for (const [pw, code] of [[PW, 1], [WRONG, 2]] as const) {
      const r = cli(['check', newSessionId(), '--store', url(pw)]);
      expect(r.code, r.out).toBe(code);
      expect(r.out).toContain(`postgres://isauth:***@127.0.0.1:${db.port}/app`);
      expectNoSecret(r.out, PW, WRONG);
    }
  }, 60_000);

  it('the password from a file (--store-password-file, ISAUTH_STORE_PASSWORD_FILE), the URL holding none', async () => {
    await expectPasswordFromFile(`postgres://isauth@127.0.0.1:${db.port}/app`, `postgres://isauth:***@127.0.0.1:${db.port}/app`);
  }, 60_000);
});
