import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { envName, META, OPTION_LIST, renderConfigMarkdown, renderHelp, summarizeConfig } from '../../../src/config/index.js';
import { loadConfig } from '../../../src/config/load.js';

describe('schema', () => {
  it('derives env names as ISAUTH_ + upper snake case of the key', () => {
    expect(envName('maxSessionBytes')).toBe('ISAUTH_MAX_SESSION_BYTES');
    expect(envName('auth')).toBe('ISAUTH_AUTH');
    for (const o of OPTION_LIST) expect(o.env).toBe(envName(o.key));
  });

  it('has unique flags, keys and env vars, and flags in kebab case', () => {
    const flags = [...OPTION_LIST.map((o) => o.flag), ...Object.values(META).map((m) => m.flag)];
    expect(new Set(flags).size).toBe(flags.length);
    expect(new Set(OPTION_LIST.map((o) => o.env)).size).toBe(OPTION_LIST.length);
    for (const f of flags) expect(f).toMatch(/^--[a-z]+(-[a-z]+)*$/);
    for (const o of OPTION_LIST) expect(o.key).toMatch(/^[a-z]+([A-Z][a-z]+)*$/);
  });

  it('keeps the contract names', () => {
    const flags = OPTION_LIST.map((o) => o.flag);
    for (const f of ['--listen', '--socket-mode', '--store', '--serializer', '--cookie', '--auth', '--variant', '--timeout', '--max-age', '--max-session-bytes', '--max-depth', '--workers', '--log-level', '--metrics', '--session-header']) {
      expect(flags).toContain(f);
    }
  });
});

describe('renderHelp', () => {
  const help = renderHelp();
  it('lists every flag with its env var and default', () => {
    for (const o of OPTION_LIST) {
      expect(help).toContain(o.flag);
      expect(help).toContain(o.env);
    }
    for (const m of Object.values(META)) expect(help).toContain(m.flag);
    expect(help).toContain('[default: 127.0.0.1:9180]');
    expect(help).toContain('--metrics, --no-metrics');
  });
  it('stays within 100 columns', () => {
    for (const line of help.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });
});

describe('summarizeConfig', () => {
  it('prints one line per option and masks store passwords', () => {
    const r = loadConfig(['--store', 'redis://user:hunter2@cache:6379/1', '--listen', '[::1]:9180', '--auth', '@laravel'], {}, () => '');
    if ('errors' in r) throw new Error(r.errors.join('\n'));
    const lines = summarizeConfig(r.config);
    expect(lines).toHaveLength(OPTION_LIST.length);
    expect(lines).toContain('--store redis://user:***@cache:6379/1');
    expect(lines).toContain('--listen [::1]:9180');
    expect(lines).toContain('--socket-mode 0666');
    expect(lines).toContain('--auth "@laravel"');
    expect(lines).toContain('--variant (none given: no variants)');
    expect(lines.join('\n')).not.toContain('hunter2');
  });
});

describe('docs/configuration.md', () => {
  const url = new URL('../../../docs/configuration.md', import.meta.url);
  it('is generated from the schema (UPDATE_DOCS=1 rewrites it)', () => {
    const want = renderConfigMarkdown();
    if (process.env.UPDATE_DOCS === '1') writeFileSync(url, want);
    expect(readFileSync(url, 'utf8')).toBe(want);
  });
  it('mentions every option, env var and file key', () => {
    const md = renderConfigMarkdown();
    for (const o of OPTION_LIST) for (const s of [o.flag, o.env, `\`${o.key}\``]) expect(md).toContain(s);
  });
});
