/** --php-ini / --php-fpm-pool: PHP's ini dialect, the real Debian php.ini + conf.d, precedence, errors. */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, summarizeConfig, type Loaded, type LoadResult } from '../../../src/config/index.js';
import { parseIni } from '../../../src/config/php-ini.js';
import { haveDebianPhpIni, phpIniFixture } from '../../harness/php-ini-fixture.js';

const ok = (r: LoadResult): Loaded => {
  if ('errors' in r) throw new Error(r.errors.join('\n'));
  return r;
};
const errorsOf = (r: LoadResult): readonly string[] => ('errors' in r ? r.errors : []);
const storeOf = (ini: Record<string, string>, confD: Record<string, Record<string, string>> = {}, flags: string[] = []): Loaded => {
  const f = phpIniFixture(ini, confD);
  return ok(loadConfig(['--php-ini', f.ini, ...flags], {}));
};

describe('PHP ini syntax', () => {
  it('reads values the way PHP does', () => {
    const text = [
      '[Session]',
      'a = plain value ; a comment',
      'b = "2;0700;/var/sess" ; quoted keeps ;',
      "c = 'raw \\n ${HOME}'",
      'd = On',
      'e = off',
      'f = "On"',
      'g = ${SESS_DIR}/x',
      'h = "${SESS_DIR:-/d}" "/y" ; "a" "b" is "ab" in PHP',
      'i = "multi',
      'line"',
      'j = "esc \\" \\\\ \\$ \\n"',
      'bare',
      '[PATH=/www]',
      'session.name = SCOPED',
    ].join('\n');
    const { entries, errors } = parseIni(text, 'f.ini', { SESS_DIR: '/srv' });
    expect(errors).toEqual([]);
    const m = Object.fromEntries(entries.map((e) => [e.key, [e.value, e.at]]));
    expect(m).toEqual({
      a: ['plain value', 'f.ini:2'],
      b: ['2;0700;/var/sess', 'f.ini:3'],
      c: ['raw \\n ${HOME}', 'f.ini:4'],
      d: ['1', 'f.ini:5'],
      e: ['', 'f.ini:6'],
      f: ['On', 'f.ini:7'],
      g: ['/srv/x', 'f.ini:8'],
      h: ['/srv/y', 'f.ini:9'],
      i: ['multi\nline', 'f.ini:10'],
      j: ['esc " \\ $ \\n', 'f.ini:12'],
      bare: ['', 'f.ini:13'],
      'session.name': ['SCOPED', 'f.ini:15'],
    });
    expect(entries.find((e) => e.key === 'session.name')?.section).toBe('PATH=/www');
  });

  it('reports an unterminated quote with its line', () => {
    expect(parseIni('a = 1\nb = "open\n', 'f.ini', {}).errors).toEqual(['f.ini:2: unterminated double quote in the value of b']);
  });
});

describe.runIf(haveDebianPhpIni())('--php-ini with the real Debian php.ini and conf.d', () => {
  it('takes nothing but what the stock file says (files handler, no save_path → isauth default)', () => {
    const r = storeOf({});
    expect(r.config.store.url).toBe('files:/var/lib/php/sessions');
    expect(r.origins.store).toBe('default');
    expect(r.origins.cookie).toMatch(/^php\.ini .*\/php\.ini:\d+: session\.name$/);
    expect(r.origins.maxAge).toMatch(/^php\.ini .*\/php\.ini:\d+: session\.gc_maxlifetime$/);
    expect(r.warnings.join('\n')).toMatch(/session\.save_path is not set/);
  });

  it('files: N;MODE;/dir, serializer, name and lifetime', () => {
    const r = storeOf({ 'session.save_path': '"2;0700;/srv/sess"', 'session.serialize_handler': 'igbinary', 'session.name': 'SHOPSID', 'session.gc_maxlifetime': '3600' });
    expect(r.config.store.url).toBe('files:2;0700;/srv/sess');
    expect(r.config.store.spec).toEqual({ kind: 'files', dir: '/srv/sess', depth: 2 });
    expect([r.config.serializer, r.config.cookie, r.config.maxAge]).toEqual(['igbinary', 'SHOPSID', 3600]);
    expect(r.origins.store).toMatch(/^php\.ini .*php\.ini:\d+: session\.save_handler, php\.ini .*php\.ini:\d+: session\.save_path$/);
  });

  it('files: an empty save_path is sys_temp_dir, else /tmp', () => {
    expect(storeOf({ 'session.save_path': '""' }).config.store.url).toBe('files:/tmp');
    expect(storeOf({ 'session.save_path': '""', sys_temp_dir: '"/var/tmp"' }).config.store.url).toBe('files:/var/tmp');
  });

  it('memcached: servers, sess_prefix, consistent hash and replicas from conf.d', () => {
    const r = storeOf(
      { 'session.save_handler': 'memcached', 'session.save_path': '"PERSISTENT=x h1:11211, h2:11212:3"' },
      { '25-memcached.ini': { 'memcached.sess_prefix': '"shop.sess."', 'memcached.sess_consistent_hash_type': 'ketama_weighted', 'memcached.sess_number_of_replicas': '1' } },
    );
    expect(r.config.store.url).toBe('memcached://h1:11211,h2:11212:3?prefix=shop.sess.&hash=ketama_weighted&replicas=1');
    expect(r.origins.store).toMatch(/conf\.d\/25-memcached\.ini:\d+: memcached\.sess_prefix/);
    expect(r.warnings.join('\n')).toMatch(/PERSISTENT=/);
    const off = storeOf({ 'session.save_handler': 'memcached', 'session.save_path': '"h1:11211"' }, { '25-memcached.ini': { 'memcached.sess_consistent_hash': 'Off' } });
    expect(off.config.store.url).toBe('memcached://h1:11211?prefix=memc.sess.key.&hash=modulo');
  });

  it('memcache (pecl): tcp:// URLs with weights, memcache.* keys', () => {
    const r = storeOf(
      { 'session.save_handler': 'memcache', 'session.save_path': '"tcp://h1:11211?persistent=1&weight=2, tcp://h2?timeout=1"' },
      { '20-memcache.ini': { 'memcache.hash_strategy': 'standard', 'memcache.hash_function': 'fnv', 'memcache.session_redundancy': '1', 'memcache.session_prefix_static_key': 'app_' } },
    );
    expect(r.config.store.url).toBe('memcached://h1:11211:2,h2:11211?client=memcache&hash=standard&hash_function=fnv&redundancy=1&prefix=app_');
    expect(r.config.store.spec).toMatchObject({ kind: 'memcached', pecl: { strategy: 'standard', hashFunction: 'fnv', redundancy: 1 }, prefix: 'app_' });
  });

  it('redis: one host with auth/database/prefix; several hosts; unix socket; the password never shown', () => {
    const one = storeOf({ 'session.save_handler': 'redis', 'session.save_path': '"tcp://r1:6380?auth=s3cr%40t&database=3&prefix=shop:"' });
    expect(one.config.store.spec).toMatchObject({ kind: 'redis', host: 'r1', port: 6380, db: 3, prefix: 'shop:', password: 's3cr@t' });
    const summary = summarizeConfig(one.config, one.origins).join('\n');
    expect(summary).not.toContain('s3cr');
    const pool = storeOf({ 'session.save_handler': 'redis', 'session.save_path': '"tcp://r1:6379?weight=2, tcp://r2:6379"' });
    expect(pool.config.store.url).toBe('redis://r1:6379:2,r2:6379/0?prefix=PHPREDIS_SESSION%3A');
    const sock = storeOf({ 'session.save_handler': 'redis', 'session.save_path': '"unix:///run/redis.sock?database=2"' });
    expect(sock.config.store.spec).toMatchObject({ kind: 'redis', socket: '/run/redis.sock', db: 2, prefix: 'PHPREDIS_SESSION:' });
  });

  it('rediscluster: seeds, auth, failover', () => {
    const r = storeOf({ 'session.save_handler': 'rediscluster', 'session.save_path': '"seed[]=c1:7000&seed[]=c2:7001&auth=pw&failover=distribute"' });
    expect(r.config.store.spec).toMatchObject({ kind: 'redis-cluster', seeds: [{ host: 'c1', port: 7000 }, { host: 'c2', port: 7001 }], read: 'distribute', prefix: 'PHPREDIS_CLUSTER_SESSION:', password: 'pw' });
    expect(summarizeConfig(r.config, r.origins).join('\n')).not.toContain(':pw@');
  });

  it('a php-fpm pool overrides php.ini; php_admin_value beats php_value', () => {
    const f = phpIniFixture({ 'session.save_path': '"/from/php.ini"' });
    const pool = join(f.dir, 'www.conf');
    writeFileSync(pool, ['[global]', 'error_log = /dev/null', '[www]', 'user = www-data', 'php_admin_value[session.save_path] = "1;/admin"', 'php_value[session.save_path] = /value', 'php_value[session.name] = POOLSID', 'php_flag[session.use_strict_mode] = on'].join('\n'));
    const r = ok(loadConfig(['--php-ini', f.ini, '--php-fpm-pool', pool], {}));
    expect([r.config.store.url, r.config.cookie]).toEqual(['files:1;/admin', 'POOLSID']);
    expect(r.origins.store).toContain(`php-fpm pool ${pool}:5: php_admin_value[session.save_path]`);
    expect(r.origins.cookie).toBe(`php-fpm pool ${pool}:7: php_value[session.name]`);
    // The pool alone works too (PHP's compiled-in defaults for the rest).
    expect(ok(loadConfig(['--php-fpm-pool', pool], {})).config.cookie).toBe('POOLSID');
  });

  it('precedence: flag > env > config file > php.ini > default', () => {
    const f = phpIniFixture({ 'session.name': 'INISID', 'session.gc_maxlifetime': '600', 'session.serialize_handler': 'php_serialize', 'session.save_path': '"/ini"' });
    const cfg = join(f.dir, 'isauth.json');
    writeFileSync(cfg, JSON.stringify({ cookie: 'FILESID', maxAge: 700, serializer: 'php_binary' }));
    const r = ok(loadConfig(['--php-ini', f.ini, '--config', cfg, '--cookie', 'FLAGSID'], { ISAUTH_MAX_AGE: '800' }));
    expect([r.config.cookie, r.config.maxAge, r.config.serializer, r.config.store.url]).toEqual(['FLAGSID', 800, 'php_binary', 'files:/ini']);
    expect([r.origins.cookie, r.origins.maxAge, r.origins.serializer]).toEqual(['command line', 'ISAUTH_MAX_AGE', `key "serializer" in ${cfg}`]);
    expect(r.origins.timeout).toBe('default');
    // The env var names the php.ini as well.
    expect(ok(loadConfig([], { ISAUTH_PHP_INI: f.ini })).config.cookie).toBe('INISID');
  });

  it('an unsupported handler is a config error naming the ini line — unless --store is given', () => {
    const f = phpIniFixture({ 'session.save_handler': 'user' });
    const errs = errorsOf(loadConfig(['--php-ini', f.ini], {}));
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(new RegExp(`session\\.save_handler = "user" \\(php\\.ini ${f.ini}:\\d+\\)`));
    expect(ok(loadConfig(['--php-ini', f.ini, '--store', 'files:/x'], {})).config.store.url).toBe('files:/x');
  });

  it('bad values name their ini line; a password in save_path is never echoed', () => {
    const errs = errorsOf(storeOf2({ 'session.serialize_handler': 'wddx', 'session.save_handler': 'redis', 'session.save_path': '"tcp://r1?auth=hunter2, tcp://r2?auth=other"' }));
    expect(errs.join('\n')).toMatch(/--serializer \(php\.ini .*php\.ini:\d+: session\.serialize_handler\)/);
    expect(errs.join('\n')).toMatch(/session\.save_path \(php\.ini .*php\.ini:\d+\): its servers differ/);
    expect(errs.join('\n')).not.toMatch(/hunter2|other/);
  });

  it('unreadable files: every problem at once', () => {
    const f = phpIniFixture({});
    const broken = join(f.confD, '99-broken.ini');
    writeFileSync(broken, 'session.name = x\n');
    chmodSync(broken, 0);
    const r = loadConfig(['--php-ini', f.ini, '--php-fpm-pool', join(f.dir, 'missing.conf'), '--timeout', 'soon'], {});
    const errs = errorsOf(r).join('\n');
    if (process.getuid?.() !== 0) expect(errs).toContain(`--php-ini: ${broken} cannot be read: EACCES`);
    expect(errs).toContain(`--php-fpm-pool: ${join(f.dir, 'missing.conf')} cannot be read: ENOENT`);
    expect(errs).toContain('--timeout');
    expect(errorsOf(loadConfig(['--php-ini', '/nonexistent/php.ini'], {}))).toEqual(['--php-ini: /nonexistent/php.ini cannot be read: ENOENT']);
  });

  it('--framework laravel or django with --php-ini is an error (their sessions are not PHP\'s)', () => {
    const f = phpIniFixture({});
    expect(errorsOf(loadConfig(['--php-ini', f.ini, '--framework', 'django', '--secret-key', 'k'], {})).join('\n')).toMatch(/--framework django does not keep its sessions/);
  });

  it('php.ini wins over a --framework profile default (symfony: the store\'s PHP prefix is spelled out)', () => {
    const r = storeOf({ 'session.save_handler': 'redis', 'session.save_path': '"tcp://r1:6379"' }, {}, ['--framework', 'symfony']);
    expect(r.config.store.spec).toMatchObject({ prefix: 'PHPREDIS_SESSION:' });
  });
});

function storeOf2(ini: Record<string, string>): LoadResult {
  return loadConfig(['--php-ini', phpIniFixture(ini).ini], {});
}
