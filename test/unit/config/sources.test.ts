import { describe, expect, it } from 'vitest';
import { readArgv } from '../../../src/config/argv.js';
import { readEnv, splitList } from '../../../src/config/env.js';
import { readConfigFile } from '../../../src/config/file.js';
import { Invalid } from '../../../src/options/values.js';

const vals = (m: Map<string, { value: unknown }>) => Object.fromEntries([...m].map(([k, v]) => [k, v.value]));

describe('readArgv', () => {
  it('reads --flag VALUE, --flag=VALUE, switches and repeats', () => {
    const r = readArgv(['--timeout', '50', '--cookie=SID', '--no-metrics', '--auth', 'a', '--auth=b=c', '--timeout=60']);
    expect(r.errors).toEqual([]);
    expect(vals(r.values)).toEqual({ timeout: '60', cookie: 'SID', metrics: false, auth: ['a', 'b=c'] });
  });
  it('reads --metrics, --metrics=false, empty values and meta flags', () => {
    expect(vals(readArgv(['--metrics']).values)).toEqual({ metrics: true });
    expect(vals(readArgv(['--metrics=false']).values)).toEqual({ metrics: false });
    expect(vals(readArgv(['--session-header=']).values)).toEqual({ sessionHeader: '' });
    const m = readArgv(['--config', 'f.json', '--check-config', '-h', '-V']);
    expect([m.config, m.checkConfig, m.help, m.version]).toEqual(['f.json', true, true, true]);
  });
  it('lets values start with - but not --', () => {
    expect(vals(readArgv(['--auth', '-x']).values)).toEqual({ auth: ['-x'] });
    expect(readArgv(['--store', '--timeout', '5']).errors).toEqual(['--store: needs a value (write --store=VALUE for a value starting with --)']);
    expect(vals(readArgv(['--auth=--x']).values)).toEqual({ auth: ['--x'] });
  });
  it('lists every problem', () => {
    expect(readArgv(['--timout', '5', 'serve', '--help=1', '--no-timeout', '--metrics=yes', '--cookie']).errors).toEqual([
      'unknown flag --timout (did you mean --timeout?)',
      'unexpected argument "5" (options start with --)',
      'unexpected argument "serve" (options start with --)',
      '--help: takes no value',
      '--no-timeout: --timeout is not a switch',
      '--metrics: must be true or false (got "yes")',
      '--cookie: needs a value (write --cookie=VALUE for a value starting with --)',
    ]);
  });
});

describe('readEnv', () => {
  it('maps ISAUTH_<UPPER_SNAKE> and ignores other variables', () => {
    const r = readEnv({ ISAUTH_MAX_SESSION_BYTES: '2048', ISAUTH_METRICS: '0', ISAUTH_CONFIG: '/etc/i.json', PATH: '/bin', ISAUTH_VARIANTS: 'a=x\nb=y' });
    expect(r.errors).toEqual([]);
    expect(r.config).toBe('/etc/i.json');
    expect(vals(r.values)).toEqual({ maxSessionBytes: '2048', metrics: false, variants: ['a=x', 'b=y'] });
    expect(r.values.get('metrics')?.origin).toBe(' (ISAUTH_METRICS)');
  });
  it('rejects bad switches, and warns (never fails) on unknown ISAUTH_ names', () => {
    const r = readEnv({ ISAUTH_TIMEOUT_MS: '5', ISAUTH_METRICS: 'yes' });
    expect(r.errors).toEqual(['--metrics (ISAUTH_METRICS): must be true or false (got "yes")']);
    expect(r.warnings).toEqual(['ignoring unknown environment variable ISAUTH_TIMEOUT_MS (did you mean ISAUTH_TIMEOUT?)']);
  });
  it('starts next to a Kubernetes Service named isauth (its injected env vars are only warnings)', () => {
    const k8s = {
      ISAUTH_PORT: 'tcp://10.0.0.7:9180',
      ISAUTH_SERVICE_HOST: '10.0.0.7',
      ISAUTH_SERVICE_PORT: '9180',
      ISAUTH_PORT_9180_TCP: 'tcp://10.0.0.7:9180',
      ISAUTH_PORT_9180_TCP_ADDR: '10.0.0.7',
    };
    const r = readEnv(k8s);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toHaveLength(5);
  });
});

describe('splitList', () => {
  it.each<[string, string[]]>([
    ['@laravel', ['@laravel']],
    ['a=1,2\n  b \r\n\n', ['a=1,2', 'b']],
    ['', []],
    ['["@laravel","user|id!=null","x=a,b"]', ['@laravel', 'user|id!=null', 'x=a,b']],
    ['  []', []],
  ])('%j', (text, want) => expect(splitList(text)).toEqual(want));
  it.each(['[', '["a",1]', '[{"a":1}]'])('rejects %j', (text) => expect(splitList(text)).toBeInstanceOf(Invalid));
});

describe('readConfigFile', () => {
  const file = (content: string) => readConfigFile('/etc/isauth.json', () => content);

  it('reads typed values', () => {
    const r = file(JSON.stringify({ timeout: 50, cookie: 'SID', metrics: false, auth: ['@laravel'], maxAge: '60' }));
    expect(r.errors).toEqual([]);
    expect(vals(r.values)).toEqual({ timeout: '50', cookie: 'SID', metrics: false, auth: ['@laravel'], maxAge: '60' });
    expect(r.values.get('timeout')?.origin).toBe(' (key "timeout" in /etc/isauth.json)');
  });
  it('lists unknown keys and wrong types', () => {
    expect(file(JSON.stringify({ timout: 1, metrics: 'false', auth: '@laravel', cookie: null, config: 'x', __proto__x: 1 })).errors).toEqual([
      '--config: unknown key "timout" in /etc/isauth.json (did you mean timeout?)',
      '--metrics (key "metrics" in /etc/isauth.json): must be true or false (got "false")',
      '--auth (key "auth" in /etc/isauth.json): must be an array of strings (got "@laravel")',
      '--cookie (key "cookie" in /etc/isauth.json): must be a string (got null)',
      '--config: /etc/isauth.json cannot name another config file (key "config")',
      '--config: unknown key "__proto__x" in /etc/isauth.json',
    ]);
  });
  it('treats "__proto__" as an unknown key, not a prototype', () => {
    expect(file('{"__proto__": {"timeout": 5}}').errors).toEqual(['--config: unknown key "__proto__" in /etc/isauth.json']);
  });
  it('reports unreadable, invalid and non-object files', () => {
    const enoent = readConfigFile('/nope.json', () => {
      throw Object.assign(new Error('x'), { code: 'ENOENT' });
    });
    expect(enoent.errors).toEqual(['--config: /nope.json cannot be read: ENOENT']);
    expect(file('{').errors[0]).toMatch(/^--config: \/etc\/isauth.json not valid JSON: /);
    expect(file('[]').errors).toEqual(['--config: /etc/isauth.json must hold a JSON object']);
    expect(file('null').errors).toEqual(['--config: /etc/isauth.json must hold a JSON object']);
  });
});
