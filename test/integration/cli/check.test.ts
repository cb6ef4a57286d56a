/**
 * `isauth check` as users run it (the built CLI, spawned) against real memcached (three servers,
 * php-memcached's ketama placement) and Redis, with sessions written by real PHP: exit codes,
 * the placement it reports against where PHP really wrote, the rule that matched and the values
 * looked at, --json, --show-session, and the store down.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ISAUTH_MAIN, haveIsauthBuild } from '../../harness/isauth.js';
import { mcGet } from '../../harness/memcached-text.js';
import { havePhpExtensions } from '../../harness/php.js';
import { newSessionId, phpWriteSessions } from '../../harness/php-session.js';
import { havePrograms } from '../../harness/programs.js';
import { freePort, startMemcached, startRedis, tempDir, type RunningServer } from '../../harness/servers.js';

const ready = haveIsauthBuild() && havePrograms('memcached', 'redis-server') && havePhpExtensions('memcached', 'redis');

function check(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [ISAUTH_MAIN, 'check', ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env }, timeout: 15_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe.runIf(ready)('isauth check', () => {
  const mcs: RunningServer[] = [];
  let redis: RunningServer;
  let mcUrl: string;
  const ids = { admin: newSessionId(), editor: newSessionId(), guest: newSessionId() };
  const RULES = ['--auth', 'user|id', '--variant', 'admin=user|role=admin', '--timeout', '2000'];

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) mcs.push(await startMemcached());
    redis = await startRedis();
    const list = mcs.map((m) => `127.0.0.1:${m.port}`).join(',');
    mcUrl = `memcached://${list}`;
    const sessions = [
      [ids.admin, `$_SESSION['user'] = ['id' => 1, 'role' => 'admin'];`],
      [ids.editor, `$_SESSION['user'] = ['id' => 9223372036854775807, 'role' => 'editor'];`],
      [ids.guest, `$_SESSION['cart'] = [1]; $_SESSION['user'] = null;`],
    ] as const;
    phpWriteSessions({ handler: 'memcached', savePath: list }, sessions);
    phpWriteSessions({ handler: 'redis', savePath: `tcp://127.0.0.1:${redis.port}` }, sessions);
  });
  afterAll(async () => {
    for (const m of mcs) await m.stop();
    await redis?.stop();
  });

  it('memcached, three servers: names the server PHP wrote to, and why; exit 0/1', async () => {
    for (const [id, want] of [[ids.admin, 0], [ids.editor, 0], [ids.guest, 1]] as const) {
      const r = check([id, '--store', mcUrl, ...RULES]);
      expect([r.code, r.err]).toEqual([want, '']);
      const holder = (await Promise.all(mcs.map((m) => mcGet(m.port, `memc.sess.key.${id}`)))).findIndex((v) => v !== null);
      expect(holder).toBeGreaterThanOrEqual(0);
      expect(r.out).toContain(`server      ${holder + 1} of 3 (127.0.0.1:${mcs[holder]?.port}): php-memcached, ketama`);
      expect(r.out).toContain('of the bare session id');
      expect(r.out).toContain(`key         memc.sess.key.${id}`);
      expect(r.out).toMatch(/read +[0-9.]+ ms, [0-9]+ bytes, flags 0 \(0x0\)/);
    }
  });

  it('says which rule and variant matched, or that none did with the values looked at', () => {
    const admin = check([ids.admin, '--store', mcUrl, ...RULES]);
    expect(admin.out).toContain('decision    logged in — variant admin, X-Auth-State 1');
    expect(admin.out).toContain('auth rule   "user|id" matched');
    expect(admin.out).toContain('variant     "admin=user|role=admin" matched');
    expect(admin.out).toContain('looked at   user|id = 1');
    expect(admin.out).toContain('            user|role = "admin"');
    const guest = check([ids.guest, '--store', mcUrl, ...RULES]);
    expect(guest.out).toContain('decision    not logged in — variant anon, X-Auth-State 0');
    expect(guest.out).toContain('auth rule   none matched');
    expect(guest.out).toContain('variant     none matched');
    expect(guest.out).toContain('looked at   user|id = (missing)');
    const preset = check([ids.guest, '--store', mcUrl, '--auth', '@laravel']);
    expect(preset.out).toContain('looked at   login_web_* = (missing)');
  });

  it('--json: one object for scripts, session values exact; --show-session adds the session', () => {
    const r = check([ids.editor, '--store', `redis://127.0.0.1:${redis.port}`, ...RULES, '--json', '--show-session']);
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toHaveLength(1);
    expect(r.out).toContain('"value":9223372036854775807'); // not rounded to a double
    const doc = JSON.parse(r.out) as Record<string, unknown>;
    expect(doc).toMatchObject({
      state: '1',
      variant: 'auth',
      reason: 'decided',
      code: null,
      error: null,
      id: ids.editor,
      key: `PHPREDIS_SESSION:${ids.editor}`,
      server: null,
      flags: 0,
      serializer: 'php',
      rules: { auth: 'user|id', variant: null, looked: [{ path: 'user|id', found: true }, { path: 'user|role', found: true, value: 'editor' }] },
      session: { user: { role: 'editor' } },
    });
    expect(typeof doc.readMs).toBe('number');
    expect(doc.storedBytes).toBe(doc.sessionBytes);
    expect(JSON.parse(check([ids.editor, '--store', `redis://127.0.0.1:${redis.port}`, '--json']).out)).not.toHaveProperty('session');
  });

  it('--show-session in text; a missing session is 1 with the reason', () => {
    const r = check([ids.admin, '--store', `redis://127.0.0.1:${redis.port}`, '--show-session', ...RULES]);
    expect(r.out).toContain('variables   {"user":{"id":1,"role":"admin"}}');
    const missing = check([newSessionId(), '--store', `redis://127.0.0.1:${redis.port}`, ...RULES]);
    expect(missing.code).toBe(1);
    expect(missing.out).toContain('why         no such session in the store (or it expired)');
  });

  it('exit 2 when the store is down, with the error', async () => {
    const r = check([ids.admin, '--store', `memcached://127.0.0.1:${await freePort()}`, ...RULES, '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out)).toMatchObject({ state: 'unknown', variant: 'bypass', reason: 'store-error', code: 'STORE_UNAVAILABLE' });
  });

  it('names the store it read and where the configuration came from (bare: the defaults)', () => {
    const bare = check([newSessionId()]);
    expect(bare.out).toContain('store       files:/var/lib/php/sessions   ← default');
    expect(bare.out).toContain('config      built-in defaults only');
    const dir = tempDir('check-config');
    const file = join(dir, 'isauth.json');
    writeFileSync(file, JSON.stringify({ auth: ['user|id'], timeout: '5000' }));
    const r = check([ids.admin, '--config', file, '--json'], { ISAUTH_STORE: `redis://127.0.0.1:${redis.port}` });
    expect(JSON.parse(r.out)).toMatchObject({
      state: '1',
      store: `redis://127.0.0.1:${redis.port}`,
      storeOrigin: 'ISAUTH_STORE',
      configSources: ['environment (ISAUTH_STORE)', `--config ${file}`],
    });
  });

  it('options come from env vars too; usage errors exit 64, configuration errors 78', () => {
    expect(check([ids.admin, ...RULES], { ISAUTH_STORE: mcUrl }).code).toBe(0);
    expect(check(['--store', mcUrl]).code).toBe(64);
    expect(check([ids.admin, ids.guest, '--store', mcUrl]).code).toBe(64);
    const bad = check([ids.admin, '--store', mcUrl, '--bogus']);
    expect([bad.code, bad.err]).toEqual([78, expect.stringContaining('unknown flag --bogus')]);
    const help = check(['--help']);
    expect([help.code, help.out]).toEqual([0, expect.stringContaining('usage: isauth check SID')]);
  });
});
