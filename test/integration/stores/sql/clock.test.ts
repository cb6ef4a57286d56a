/**
 * SQL expiry read with the right clock (issue 17): the store asks the server for the types of the
 * table's time columns before its first read (src/stores/sql/columns.ts). Against real MariaDB
 * and PostgreSQL, with Django's db backend writing `expire_date` (DATETIME on MariaDB,
 * timestamptz on PostgreSQL) where a real writer exists, and rows written in SQL otherwise.
 *
 * Before: `expires=expire_date` without `clock=` compared a date with Unix seconds — on MariaDB an
 * expired row answered `auth`, silently; on PostgreSQL every read failed. A TIMESTAMP (MariaDB)
 * was compared with UTC_TIMESTAMP() although the server shows it in the session's time zone; a
 * PostgreSQL `timestamp without time zone` (UTC) with now() in the session's time zone.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IsauthError } from '../../../../src/errors.js';
import { openStore } from '../../../../src/stores/open.js';
import { parseSqlUrl } from '../../../../src/stores/sql/index.js';
import type { SessionStore } from '../../../../src/stores/types.js';
import { djangoSession, haveDjango } from '../../../harness/django.js';
import { haveMariadb, startMariadb } from '../../../harness/mariadb.js';
import { havePostgres, startPostgres } from '../../../harness/postgres.js';
import { freePort } from '../../../harness/servers.js';
import { ISAUTH_MAIN } from '../../../harness/isauth.js';
import { newId, sqlService, type SqlService } from './support.js';

interface ClockDb {
  dialect: 'mysql' | 'postgres';
  url(db: string, query?: string): string;
  exec(db: string, text: string): Promise<void>;
  createDatabase(name: string): Promise<void>;
  django(db: string): Record<string, string | number>;
  /** Make new connections to `db` see times in a zone far from UTC. */
  farZone(db: string): Promise<void>;
  stop(): Promise<void>;
}

const SECRET = 'django-insecure-isauth-clock-tests';

function clockSuite(name: string, available: () => boolean, djangoModule: string, start: () => Promise<ClockDb>): void {
  describe.runIf(available())(`${name}: time columns read with their own clock`, () => {
    let db: ClockDb;
    const services: SqlService[] = [];
    const service = (url: string, ...args: string[]): SqlService => {
      const s = sqlService(['--store', url, ...args]);
      services.push(s);
      return s;
    };
    const my = () => db.dialect === 'mysql';
    beforeAll(async () => {
      db = await start();
      await db.createDatabase('django');
      await db.createDatabase('custom');
      const text = my() ? 'TEXT' : 'TEXT';
      await db.exec('custom', `CREATE TABLE zoned (id VARCHAR(64) PRIMARY KEY, data ${text} NOT NULL, expires ${my() ? 'TIMESTAMP NULL' : 'TIMESTAMP WITH TIME ZONE'})`);
      await db.exec('custom', `CREATE TABLE utc (id VARCHAR(64) PRIMARY KEY, data ${text} NOT NULL, expires ${my() ? 'DATETIME' : 'TIMESTAMP'}, seen ${my() ? 'DATETIME' : 'TIMESTAMP'})`);
      await db.exec('custom', `CREATE TABLE texty (id VARCHAR(64) PRIMARY KEY, data ${text} NOT NULL, expires VARCHAR(32))`);
      await db.farZone('custom');
    }, 120_000);
    afterAll(async () => {
      await Promise.all(services.map((s) => s.store.close()));
      await db?.stop();
    });

    const djangoIt = it.runIf(haveDjango(djangoModule));
    djangoIt("Django's expire_date with expires= and no clock=: the column's type decides; an expired row is absent", async () => {
      const live = djangoSession({ backend: 'db', loggedIn: true, secretKey: SECRET, database: db.django('django') });
      const gone = djangoSession({ backend: 'db', loggedIn: false, secretKey: SECRET, database: db.django('django') });
      const past = my() ? 'UTC_TIMESTAMP() - INTERVAL 1 SECOND' : "now() - interval '1 second'";
      await db.exec('django', `UPDATE django_session SET expire_date = ${past} WHERE session_key = '${gone.cookieValue}'`);
      const s = service(db.url('django', 'table=django_session&id=session_key&data=session_data&expires=expire_date'));
      expect(await s.store.load(live.cookieValue, live.cookieValue, 2000)).not.toBeNull();
      expect(await s.store.load(gone.cookieValue, gone.cookieValue, 2000)).toBeNull();
      // The preset reads it the same way.
      const preset = service(db.url('django', 'schema=django'));
      expect(await preset.store.load(gone.cookieValue, gone.cookieValue, 2000)).toBeNull();
    });

    djangoIt('clock=unix on that DATETIME: isauth refuses to start, naming the column and its type', async () => {
      const url = db.url('django', 'table=django_session&id=session_key&data=session_data&expires=expire_date&clock=unix');
      const spec = parseSqlUrl(url);
      if ('error' in spec) throw new Error(spec.error);
      const err = await openStore(spec, { maxAgeSeconds: 1440, maxBytes: 65536 }).then(
        (s) => s.close().then(() => undefined),
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(IsauthError);
      expect((err as IsauthError).code).toBe('STORE_SCHEMA');
      expect((err as IsauthError).message).toMatch(/expire_date/);
      expect((err as IsauthError).message).toMatch(my() ? /DATETIME/ : /TIMESTAMP WITH TIME ZONE/);
      // The real service: exit 1, the reason in its log.
      const port = await freePort();
      let out = '';
      let status = 0;
      try {
        execFileSync(process.execPath, [ISAUTH_MAIN, 'serve', '--store', url, '--listen', `127.0.0.1:${port}`], { encoding: 'utf8', stdio: 'pipe', timeout: 20_000 });
      } catch (e) {
        const x = e as { status: number; stdout: string; stderr: string };
        status = x.status;
        out = `${x.stdout}${x.stderr}`;
      }
      expect(status).toBe(1);
      expect(out).toMatch(/STORE_SCHEMA/);
      expect(out).toMatch(/expire_date/);
      // A store made without startup (createStore) refuses every read instead.
      const lazy = service(url);
      await expect(lazy.store.load('abc', 'abc', 2000)).rejects.toMatchObject({ code: 'STORE_SCHEMA' });
      expect((await lazy.path.decide('abcdefghijklmnopqrstuvwxyz')).variant).toBe('bypass');
    });

    it('a zoned date (MariaDB TIMESTAMP, PostgreSQL timestamptz) in a session time zone far from UTC', async () => {
      const [live, gone] = [newId(), newId()];
      const at = (h: number) => (my() ? `CURRENT_TIMESTAMP() + INTERVAL ${h} HOUR` : `now() + interval '${h} hours'`);
      await db.exec('custom', `INSERT INTO zoned (id, data, expires) VALUES ('${live}', 'user|i:1;', ${at(1)}), ('${gone}', 'user|i:1;', ${at(-1)})`);
      for (const clock of ['', '&clock=datetime']) {
        const s = service(db.url('custom', `table=zoned&id=id&data=data&expires=expires${clock}`), '--auth', 'user');
        expect(await s.store.load(live, live, 2000), clock).not.toBeNull();
        expect(await s.store.load(gone, gone, 2000), clock).toBeNull();
      }
    });

    it('a UTC date (MariaDB DATETIME, PostgreSQL timestamp) for expires= and time=, whatever the session time zone', async () => {
      const [live, gone, recent, old] = [newId(), newId(), newId(), newId()];
      const utc = (s: number) => (my() ? `UTC_TIMESTAMP() + INTERVAL ${s} SECOND` : `(now() AT TIME ZONE 'UTC') + interval '${s} seconds'`);
      await db.exec(
        'custom',
        `INSERT INTO utc (id, data, expires, seen) VALUES ('${live}', 'user|i:1;', ${utc(3600)}, NULL), ('${gone}', 'user|i:1;', ${utc(-3600)}, NULL), ` +
          `('${recent}', 'user|i:1;', NULL, ${utc(-10)}), ('${old}', 'user|i:1;', NULL, ${utc(-7200)})`,
      );
      const expires = service(db.url('custom', 'table=utc&id=id&data=data&expires=expires'), '--auth', 'user');
      expect(await expires.store.load(live, live, 2000)).not.toBeNull();
      expect(await expires.store.load(gone, gone, 2000)).toBeNull();
      const time = service(db.url('custom', 'table=utc&id=id&data=data&time=seen'), '--auth', 'user', '--max-age', '3600');
      expect(await time.store.load(recent, recent, 2000)).not.toBeNull();
      expect(await time.store.load(old, old, 2000)).toBeNull();
    });

    it('a time column that holds no time, or a missing one: refused, naming the column and its type', async () => {
      const texty = parseSqlUrl(db.url('custom', 'table=texty&id=id&data=data&expires=expires'));
      const missing = parseSqlUrl(db.url('custom', 'table=utc&id=id&data=data&time=last_activity'));
      const opts = { maxAgeSeconds: 1440, maxBytes: 65536 };
      for (const [spec, words] of [
        [texty, /expires.*VARCHAR\(32\)|expires.*CHARACTER VARYING\(32\)/],
        [missing, /no column last_activity/],
      ] as const) {
        if ('error' in spec) throw new Error(spec.error);
        await expect(openStore(spec, opts)).rejects.toMatchObject({ code: 'STORE_SCHEMA', message: expect.stringMatching(words) });
      }
      // A table that does not exist (yet: a migration may create it) does not stop isauth.
      const later = parseSqlUrl(db.url('custom', 'table=not_yet&id=id&data=data&expires=expires'));
      if ('error' in later) throw new Error(later.error);
      const s: SessionStore = await openStore(later, opts);
      await expect(s.load('abc', 'abc', 2000)).rejects.toMatchObject({ code: 'STORE_PROTOCOL' });
      await db.exec('custom', `CREATE TABLE not_yet (id VARCHAR(64) PRIMARY KEY, data TEXT NOT NULL, expires ${my() ? 'DATETIME' : 'TIMESTAMP'})`);
      expect(await s.load('abc', 'abc', 2000)).toBeNull();
      await s.close();
    });
  });
}

clockSuite('MariaDB', haveMariadb, 'MySQLdb', async () => {
  const m = await startMariadb();
  return {
    dialect: 'mysql',
    url: m.url,
    exec: async (db, text) => void (await m.sql(text, db)),
    createDatabase: async (name) => void (await m.sql(`CREATE DATABASE \`${name}\``)),
    django: (db) => ({ ENGINE: 'django.db.backends.mysql', NAME: db, HOST: '127.0.0.1', PORT: m.port, USER: 'root' }),
    // TIMESTAMP values are shown (and compared) in the session's zone; new connections take this.
    farZone: async () => void (await m.sql("SET GLOBAL time_zone = '+09:00'")),
    stop: () => m.stop(),
  };
});

clockSuite('PostgreSQL', havePostgres, 'psycopg2', async () => {
  const p = await startPostgres();
  return {
    dialect: 'postgres',
    url: p.url,
    exec: async (db, text) => void (await p.sql(text, db)),
    createDatabase: (name) => p.createDatabase(name),
    django: (db) => ({ ENGINE: 'django.db.backends.postgresql', NAME: db, HOST: '127.0.0.1', PORT: p.port, USER: 'postgres' }),
    farZone: async (db) => void (await p.sql(`ALTER DATABASE "${db}" SET timezone TO 'Asia/Tokyo'`)),
    stop: () => p.stop(),
  };
});
