/**
 * Profiles as data: every profile's table row, for every store family it lists, resolves the
 * store key in the one place (src/profiles/choose.ts) — a URL's `?key=` template and `?prefix=`
 * win over the profile's default for EVERY profile — and what does not apply is refused at
 * startup with the flag's name, never ignored.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import type { Config } from '../../../src/options/schema.js';
import { chooseStages, FRAMEWORKS, PROFILES, type FrameworkName, type StoreFamily } from '../../../src/profiles/index.js';
import { EVERY_KEY } from '../../../src/pipeline/read.js';

const APP_KEY = `base64:${Buffer.alloc(32, 7).toString('base64')}`;
/** The flags each profile needs to start at all. */
const NEEDS: Record<FrameworkName, string[]> = {
  plain: [],
  symfony: [],
  laravel: ['--app-key', APP_KEY],
  django: ['--secret-key', 'k'],
  wordpress: ['--wp-siteurl', 'http://example.test', '--wp-logged-in-key', 'k', '--wp-logged-in-salt', 's'],
};

/** A store URL of each family, with the query `q` where the family takes one. */
function storeUrl(family: StoreFamily, q = ''): string {
  switch (family) {
    case 'files':
      return 'files:/tmp/isauth-test-sessions';
    case 'memcached':
      return `memcached://127.0.0.1:11211${q}`;
    case 'redis':
      return `redis://127.0.0.1:6379${q}`;
    case 'sql':
      return 'mysql://u@127.0.0.1/db';
    case 'cookie':
      return 'cookie:';
  }
}

/** The ?schema= preset each application's own table is. */
const sqlPreset = (f: FrameworkName): string => (f === 'plain' || f === 'wordpress' ? 'plain' : f);

function load(framework: FrameworkName, store: string, more: string[] = []) {
  const sqlSchema = store.startsWith('mysql:') ? `?schema=${sqlPreset(framework)}` : '';
  return loadConfig(['--framework', framework, '--store', `${store}${sqlSchema}`, ...NEEDS[framework], ...more], {});
}

function config(framework: FrameworkName, store: string, more: string[] = []): Config {
  const r = load(framework, store, more);
  if ('errors' in r) throw new Error(r.errors.join('; '));
  return r.config;
}

const rows = FRAMEWORKS.flatMap((f) => (Object.keys(PROFILES[f].stores) as StoreFamily[]).map((family) => [f, family] as const));

describe('every profile × store family it lists', () => {
  it.each(rows)('%s on %s: starts, and builds every stage', (framework, family) => {
    const c = config(framework, storeUrl(family));
    const s = chooseStages(c, EVERY_KEY);
    expect(typeof s.keyScheme.key('a'.repeat(40))).toBe('string');
    expect(s.cookieCodec.decode('')).toBeUndefined();
  });

  const keyed = rows.filter(([, family]) => family === 'memcached' || family === 'redis');
  it.each(keyed)('%s on %s: a ?key= template wins over the profile\'s key, placed by the whole key', (framework, family) => {
    const s = chooseStages(config(framework, storeUrl(family, '?key=app:{id}:s')), EVERY_KEY);
    expect(s.keyScheme.key('abc')).toBe('app:abc:s');
    expect(s.keyScheme.placeBy).toBe('key');
  });
  it.each(keyed)('%s on %s: ?prefix= wins over the profile\'s prefix', (framework, family) => {
    const s = chooseStages(config(framework, storeUrl(family, '?prefix=mine:')), EVERY_KEY);
    expect(s.keyScheme.key('abc')).toBe('mine:abc');
  });
});

describe('defaults as the frameworks write them', () => {
  it('keys', () => {
    const key = (f: FrameworkName, store: string, more: string[] = []) => chooseStages(config(f, store, more), EVERY_KEY).keyScheme;
    expect(key('plain', storeUrl('memcached')).key('x')).toBe('memc.sess.key.x');
    expect(key('plain', 'redis-cluster://127.0.0.1:7000').key('x')).toBe('PHPREDIS_CLUSTER_SESSION:x');
    expect(key('symfony', storeUrl('memcached'))).toMatchObject({ placeBy: 'key' });
    expect(key('symfony', storeUrl('redis')).key('x')).toBe('sf_sx');
    expect(key('laravel', storeUrl('redis'), ['--app-name', 'My Shop']).key('x')).toBe('my_shop_database_my_shop_cache:x');
    expect(key('django', storeUrl('files'), ['--cookie', 'sid']).key('x')).toBe('sidx');
    expect(key('django', storeUrl('memcached')).key('x')).toBe(':1:django.contrib.sessions.cachex');
  });
  it("a framework client's memcached distribution, unless the URL says hash=", () => {
    expect(chooseStages(config('laravel', storeUrl('memcached')), EVERY_KEY).storeSpec).toMatchObject({ distribution: 'modulo' });
    expect(chooseStages(config('symfony', storeUrl('memcached')), EVERY_KEY).storeSpec).toMatchObject({ distribution: 'ketama_weighted' });
    expect(chooseStages(config('symfony', storeUrl('memcached', '?hash=ketama')), EVERY_KEY).storeSpec).toMatchObject({ distribution: 'ketama' });
  });
});

describe('what does not apply is refused, naming the flag', () => {
  const errors = (framework: FrameworkName, store: string, more: string[] = []): readonly string[] => {
    const r = loadConfig(['--framework', framework, '--store', store, ...NEEDS[framework], ...more], {});
    return 'errors' in r ? r.errors : [];
  };
  it('a store family the profile does not list', () => {
    expect(errors('plain', 'cookie:')).toEqual([expect.stringMatching(/^--store: --framework plain does not keep sessions in a cookie: store/)]);
    expect(errors('laravel', 'cookie:')).toEqual([expect.stringMatching(/^--store: --framework laravel/)]);
    for (const f of FRAMEWORKS) {
      for (const family of ['files', 'memcached', 'redis', 'sql', 'cookie'] as const) {
        const listed = family in PROFILES[f].stores;
        const problems = errors(f, storeUrl(family) + (family === 'sql' ? `?schema=${sqlPreset(f)}` : ''));
        expect(problems.length === 0, `${f} on ${family}: ${problems.join('; ')}`).toBe(listed);
      }
    }
  });
  it('pecl memcache for an application whose client is not PHP\'s handler', () => {
    expect(errors('laravel', 'memcached://127.0.0.1?client=memcache')).toEqual([expect.stringContaining('?client=memcache')]);
    expect(errors('django', 'memcached://127.0.0.1?client=memcache')).toEqual([expect.stringContaining('?client=memcache')]);
    expect(errors('symfony', 'memcached://127.0.0.1?client=memcache')).toEqual([]);
  });
  it('an SQL table preset the application does not write', () => {
    expect(errors('laravel', 'mysql://u@h/db')).toEqual([expect.stringContaining('use ?schema=laravel')]);
    expect(errors('django', 'postgres://u@h/db?schema=laravel')).toEqual([expect.stringContaining('use ?schema=django')]);
    expect(errors('laravel', 'mysql://u@h/db?schema=laravel')).toEqual([]);
  });
  it("another profile's option, and options a profile fixes", () => {
    expect(errors('plain', storeUrl('files'), ['--app-key', APP_KEY])).toEqual(['--app-key: applies only to --framework laravel, not to --framework plain']);
    expect(errors('symfony', storeUrl('files'), ['--secret-key', 'k'])).toEqual(['--secret-key: applies only to --framework django, not to --framework symfony']);
    expect(errors('django', 'cookie:', ['--serializer', 'php'])).toEqual([expect.stringMatching(/^--serializer: does not apply to --framework django/)]);
    // from the environment too, all at once
    const r = loadConfig(['--store', storeUrl('files')], { ISAUTH_APP_NAME: 'Shop', ISAUTH_SECRET_KEY: 'k' });
    expect('errors' in r && r.errors).toEqual([expect.stringContaining('--app-name'), expect.stringContaining('--secret-key')]);
  });
});
