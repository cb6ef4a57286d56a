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
  });});
