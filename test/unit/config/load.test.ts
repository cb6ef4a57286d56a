import { describe, expect, it } from 'vitest';
import { loadConfig, type Loaded, type LoadResult } from '../../../src/config/index.js';

const noFile = (p: string): string => {
  throw Object.assign(new Error(`no ${p}`), { code: 'ENOENT' });
};
const files = (m: Record<string, unknown>) => (p: string) => {
  if (!(p in m)) return noFile(p);
  return JSON.stringify(m[p]);
};
const loaded = (r: LoadResult): Loaded => {
  if ('errors' in r) throw new Error(r.errors.join('\n'));
  return r;
};
const errors = (r: LoadResult): readonly string[] => ('errors' in r ? r.errors : []);

describe('loadConfig', () => {
  it('gives the documented defaults with nothing set', () => {
    const r = loaded(loadConfig([], {}, noFile));
    expect(r.config).toEqual({
      framework: 'plain',
      listen: { host: '127.0.0.1', port: 9180 },
      socketMode: 0o666,
      store: { url: 'files:/var/lib/php/sessions', spec: { kind: 'files', dir: '/var/lib/php/sessions', depth: 0 } },
      storePassword: '',
      serializer: 'php',
      appKey: [],
      appName: 'Laravel',
      sessionEncrypt: false,
      secretKey: [],
      djangoLegacySignatures: false,
      wpSiteurl: '',
      wpTablePrefix: 'wp_',
      wpLoggedInKey: '',
      wpLoggedInSalt: '',
      cookie: 'PHPSESSID',
      sessionHeader: 'X-Session-Id',
      auth: [],
      variants: [],
      timeout: 100,
      maxAge: 1440,
      decisionCache: 50000,
      maxSessionBytes: 1048576,
      maxDepth: 4096,
      workers: 1,
      logLevel: 'info',
      metrics: true,
      metricsListen: null,
      accessLog: false,
      logTime: 'epoch',
      textListen: null,
      textMaxLine: 8192,
      textMaxSids: 100,
      textIdleTimeout: 300000,
      textMaxConnections: 256,
      inspectToken: '',
    });
    expect([r.checkOnly, r.help, r.version, r.configFile, r.warnings]).toEqual([false, false, false, undefined, []]);
  });

  it('parses structured values', () => {
    const r = loaded(loadConfig(['--listen', 'unix:/run/i.sock', '--socket-mode', '0660', '--store', 'redis://127.0.0.1:6380/2'], {}, noFile));
    expect(r.config.listen).toEqual({ path: '/run/i.sock' });
    expect(r.config.socketMode).toBe(0o660);
    expect(r.config.store.spec).toMatchObject({ kind: 'redis', host: '127.0.0.1', port: 6380, db: 2 });
    expect(r.config.store.url).toBe('redis://127.0.0.1:6380/2');
  });

  it('takes flags over env over file over defaults, per option', () => {
    const read = files({ '/f.json': { timeout: 1, maxAge: 2, workers: 3, auth: ['from_file'], metrics: false } });
    const r = loaded(loadConfig(['--config', '/f.json', '--timeout', '10', '--auth', 'from_flag'], { ISAUTH_TIMEOUT: '20', ISAUTH_MAX_AGE: '30' }, read));
    expect(r.config.timeout).toBe(10);
    expect(r.config.maxAge).toBe(30);
    expect(r.config.workers).toBe(3);
    expect(r.config.auth).toEqual(['from_flag']); // whole list from the first source, not merged
    expect(r.config.metrics).toBe(false);
    expect(r.config.cookie).toBe('PHPSESSID');
    expect(r.configFile).toBe('/f.json');
  });

  it('finds the file through ISAUTH_CONFIG; --config wins', () => {
    const read = files({ '/a.json': { workers: 2 }, '/b.json': { workers: 4 } });
    expect(loaded(loadConfig([], { ISAUTH_CONFIG: '/a.json' }, read)).config.workers).toBe(2);
    expect(loaded(loadConfig(['--config=/b.json'], { ISAUTH_CONFIG: '/a.json' }, read)).config.workers).toBe(4);
  });

  it('reports ALL problems at once, each naming its flag and source', () => {
    const read = files({ '/f.json': { workers: 0, serializer: 'yaml', nope: 1 } });
    const errs = errors(
      loadConfig(
        ['--config', '/f.json', '--timeout', 'abc', '--auth', 'ok', '--auth', 'a||b', '--variant', 'auth=x', '--store', 'ftp://x', '--bogus'],
        { ISAUTH_MAX_AGE: '-5', ISAUTH_LISTEN: 'nowhere', ISAUTH_X: '1' },
        read,
      ),
    );
    expect(errs).toEqual([
      'unknown flag --bogus',
      '--config: unknown key "nope" in /f.json',
      '--listen (ISAUTH_LISTEN): expected HOST:PORT, [IPv6]:PORT or unix:/absolute/path.sock (got "nowhere")',
      '--store: unknown store "ftp": use files:, memcached://, redis://, rediss://, redis+unix://, redis-cluster://, redis-sentinel://, cookie:, mysql:// or postgres://',
      '--serializer (key "serializer" in /f.json): must be one of php, php_binary, php_serialize, igbinary, json (got "yaml")',
      '--auth: rule "a||b": empty key in path "a||b" (check for a stray "|")',
      '--variant: variant "auth=x": the name "auth" is reserved (auth, anon, bypass)',
      '--timeout: must be an integer between 1 and 60000 (milliseconds) (got "abc")',
      '--max-age (ISAUTH_MAX_AGE): must be an integer between 1 and 315360000 (seconds) (got "-5")',
      '--workers (key "workers" in /f.json): must be an integer between 1 and 256 (got "0")',
    ]);
  });

  it('a store URL without its colon, or a misspelt scheme: "did you mean", like flags', () => {
    const storeError = (url: string): string[] => errors(loadConfig(['--store', url], {}, files({}))).filter((e) => e.startsWith('--store'));
    expect(storeError('cookie')).toEqual([expect.stringMatching(/^--store: unknown store "cookie" \(did you mean cookie:\?\)/)]);
    expect(storeError('files')).toEqual([expect.stringMatching(/^--store: unknown store "files" \(did you mean files:\?\)/)]);
    expect(storeError('memcache://h:11211')).toEqual([expect.stringMatching(/^--store: unknown store "memcache" \(did you mean memcached:\/\/\?\)/)]);
    expect(storeError('reddis://h')).toEqual([expect.stringMatching(/\(did you mean redis:\/\/\?\)/)]);
    // Not a scheme-like word: nothing of it is echoed (it may be a secret).
    expect(storeError('p@ss w0rd')).toEqual([expect.stringMatching(/^--store: unknown store: /)]);
    expect(storeError('p@ss w0rd')[0]).not.toContain('w0rd');
  });

  it('"$origins" in the file (isauth init) says where each value came from; it is checked', () => {
    const doc = { store: 'redis://127.0.0.1:6379', cookie: 'shop_sid', $origins: { store: "Laravel config('session.driver') = \"redis\"", cookie: "Laravel config('session.cookie')" } };
    const r = loaded(loadConfig(['--config', '/c.json'], {}, files({ '/c.json': doc })));
    expect(r.origins.store).toBe(`key "store" in /c.json: Laravel config('session.driver') = "redis"`);
    expect(r.origins.cookie).toBe(`key "cookie" in /c.json: Laravel config('session.cookie')`);
    expect(r.origins.timeout).toBe('default');
    const bad = errors(loadConfig(['--config', '/c.json'], {}, files({ '/c.json': { $origins: { stor: 'x', cookie: 7 } } })));
    expect(bad).toEqual([
      expect.stringContaining('"$origins" in /c.json names an unknown key "stor" (did you mean store?)'),
      expect.stringContaining('"$origins.cookie" in /c.json must be one line of text'),
    ]);
    expect(errors(loadConfig(['--config', '/c.json'], {}, files({ '/c.json': { $origins: [] } })))).toEqual([expect.stringContaining('must be an object')]);
  });

  it('reports a missing config file as a problem, not an exception', () => {
    expect(errors(loadConfig(['--config', '/missing.json'], {}, noFile))).toEqual(['--config: /missing.json cannot be read: ENOENT']);
  });

  it('never echoes a store password', () => {
    const errs = errors(loadConfig(['--store', 'redis://u:s3cret@h:99999'], {}, noFile));
    expect(errs.length).toBe(1);
    expect(errs[0]).not.toContain('s3cret');
  });

  it('--help and --version ignore everything else', () => {
    const h = loaded(loadConfig(['--timeout', 'abc', '--bogus', '--help'], { ISAUTH_X: '1' }, noFile));
    expect([h.help, h.version, h.config.timeout]).toEqual([true, false, 100]);
    const v = loaded(loadConfig(['-V', '--config', '/missing.json'], {}, noFile));
    expect([v.help, v.version]).toEqual([false, true]);
  });

  it('--check-config validates like a normal start', () => {
    expect(loaded(loadConfig(['--check-config'], {}, noFile)).checkOnly).toBe(true);
    expect(errors(loadConfig(['--check-config', '--timeout=0'], {}, noFile))).toHaveLength(1);
  });

  it('freezes the result', () => {
    const r = loaded(loadConfig(['--auth', 'x'], {}, noFile));
    expect(Object.isFrozen(r)).toBe(true);
    expect(Object.isFrozen(r.config)).toBe(true);
    expect(Object.isFrozen(r.config.auth)).toBe(true);
    expect(Object.isFrozen(r.config.listen)).toBe(true);
    expect(Object.isFrozen(r.config.store)).toBe(true);
    expect(Object.isFrozen(r.warnings)).toBe(true);
  });

  it('warns when --socket-mode cannot apply', () => {
    expect(loaded(loadConfig(['--socket-mode', '0600'], {}, noFile)).warnings).toEqual(['--socket-mode has no effect with a TCP --listen address']);
    expect(loaded(loadConfig(['--socket-mode', '0600', '--listen', 'unix:/s'], {}, noFile)).warnings).toEqual([]);
  });

  it('accepts repeatable options from env as lines or a JSON array', () => {
    const r = loaded(loadConfig([], { ISAUTH_AUTH: '["@laravel","x=a,b"]', ISAUTH_VARIANTS: 'admin=user|role=admin\nfr=lang=fr' }, noFile));
    expect(r.config.auth).toEqual(['@laravel', 'x=a,b']);
    expect(r.config.variants).toEqual(['admin=user|role=admin', 'fr=lang=fr']);
  });
});

describe('--decision-cache', () => {
  const noFile = () => {
    throw new Error('no file');
  };
  it('applies to a files store only: given with another store it is an error naming the flag', () => {
    const r = loadConfig(['--store', 'memcached://127.0.0.1:11211', '--decision-cache', '1000'], {}, noFile);
    expect('errors' in r && r.errors).toEqual(['--decision-cache: applies to a files store only (only files tell an exact identity); the store is memcached']);
    const env = loadConfig(['--store', 'redis://127.0.0.1:6379'], { ISAUTH_DECISION_CACHE: '0' }, noFile);
    expect('errors' in env && env.errors[0]).toMatch(/^--decision-cache: applies to a files store only/);
  });
  it('files: a size, or 0 to turn it off; the default applies to every store silently', () => {
    const on = loadConfig(['--store', 'files:/tmp', '--decision-cache', '10'], {}, noFile);
    expect('config' in on && on.config.decisionCache).toBe(10);
    const off = loadConfig(['--decision-cache', '0'], {}, noFile);
    expect('config' in off && off.config.decisionCache).toBe(0);
    expect('config' in loadConfig(['--store', 'memcached://127.0.0.1:11211'], {}, noFile)).toBe(true);
  });
});
