/**
 * deploy/systemd/: the unit passes `systemd-analyze verify` (Debian package `systemd`; skipped
 * loudly without it, a failure under CI=true), has the settings docs/deploy.md relies on, and
 * every example in isauth.default is a value isauth accepts (`isauth --check-config`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { haveIsauthBuild, ISAUTH_MAIN } from '../harness/isauth.js';
import { findProgram, havePrograms } from '../harness/programs.js';
import { defaultListen, read } from './support.js';

const UNIT = read('deploy/systemd/isauth.service');
const DEFAULTS = read('deploy/systemd/isauth.default');

/** The unit's [Service] settings; a key given twice keeps every value. */
function section(name: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current = '';
  for (const raw of UNIT.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const s = /^\[(.+)\]$/.exec(line);
    if (s) {
      current = s[1]!;
      continue;
    }
    const kv = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (!kv) throw new Error(`isauth.service: not KEY=VALUE: ${line}`);
    if (current !== name) continue;
    out.set(kv[1]!, [...(out.get(kv[1]!) ?? []), kv[2]!]);
  }
  return out;
}
const service = section('Service');
const one = (key: string): string | undefined => service.get(key)?.at(-1);

/** Example lines of isauth.default (`#ISAUTH_X=value`), with quotes removed as systemd does. */
function examples(): Array<[string, string]> {
  return [...DEFAULTS.matchAll(/^#(ISAUTH_[A-Z_]+)=(.*)$/gm)].map((m) => {
    const v = m[2]!.trim();
    return [m[1]!, /^'.*'$/.test(v) ? v.slice(1, -1) : v];
  });
}

describe.runIf(havePrograms('systemd-analyze'))('systemd-analyze verify', () => {
  it('accepts deploy/systemd/isauth.service with no warning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'isauth-unit-'));
    try {
      // verify checks that ExecStart's program exists: point it at this machine's node + build.
      const exec = one('ExecStart');
      expect(exec).toBe('/usr/bin/isauth serve');
      const unit = UNIT.replace(`ExecStart=${exec}`, `ExecStart=${process.execPath} ${ISAUTH_MAIN} serve`);
      expect(unit).not.toBe(UNIT);
      writeFileSync(join(dir, 'isauth.service'), unit);
      const r = spawnSync(findProgram('systemd-analyze')!, ['verify', join(dir, 'isauth.service')], { encoding: 'utf8' });
      expect(r.stdout + r.stderr).toBe('');
      expect(r.status).toBe(0);
      // …and that verify does complain about a bad key (so the empty output above means something).
      writeFileSync(join(dir, 'isauth.service'), unit.replace('[Service]\n', '[Service]\nNoSuchSetting=1\n'));
      const bad = spawnSync(findProgram('systemd-analyze')!, ['verify', join(dir, 'isauth.service')], { encoding: 'utf8' });
      expect(bad.stdout + bad.stderr).toMatch(/NoSuchSetting/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('deploy/systemd/isauth.service', () => {
  it('runs isauth serve as www-data with /etc/default/isauth, restarting on failure but not on bad config', () => {
    expect(one('ExecStart')).toMatch(/\/isauth serve$/);
    // The documentation ships in the package: its path under `npm root -g` (Debian's /usr/lib/node_modules).
    const doc = /^\[Unit\][^[]*^Documentation=file:\/usr\/lib\/node_modules\/isauth\/(\S+)$/m.exec(UNIT);
    expect(doc?.[1]).toBe('docs/deploy.md');
    expect(read(doc![1]!)).toContain('# Deploying isauth');
    expect(one('User')).toBe('www-data');
    expect(one('EnvironmentFile')).toBe('-/etc/default/isauth');
    expect(one('Restart')).toBe('on-failure');
    expect(one('RestartPreventExitStatus')).toBe('78'); // isauth's exit status for invalid configuration (EX_CONFIG)
    expect(one('RuntimeDirectory')).toBe('isauth');
    expect(DEFAULTS).toContain('#ISAUTH_LISTEN=unix:/run/isauth/isauth.sock');
    expect(section('Install').get('WantedBy')).toEqual(['multi-user.target']);
  });

  it('is hardened, and can still read PHP sessions and reach nginx and the stores', () => {
    for (const [k, v] of Object.entries({
      NoNewPrivileges: 'yes', ProtectSystem: 'strict', ProtectHome: 'yes', PrivateTmp: 'yes',
      RestrictAddressFamilies: 'AF_UNIX AF_INET AF_INET6', CapabilityBoundingSet: '',
    })) expect(one(k), k).toBe(v);
    expect(one('ReadOnlyPaths')).toBe('-/var/lib/php/sessions');
    expect(one('MemoryMax')).toMatch(/^\d+[MG]$/);
    expect(Number(one('LimitNOFILE'))).toBeGreaterThanOrEqual(65536);
    // V8's JIT needs W+X pages: this setting would kill node.
    expect(service.has('MemoryDenyWriteExecute')).toBe(false);
    // The heap limit stays below the cgroup limit.
    const heap = /--max-old-space-size=(\d+)/.exec(service.get('Environment')?.join(' ') ?? '');
    expect(Number(heap?.[1])).toBeLessThan(Number.parseInt(one('MemoryMax')!, 10));
    // The default store is the files directory the unit makes readable.
    expect(read('docs/configuration.md')).toContain('`files:/var/lib/php/sessions`');
  });
});

describe('deploy/systemd/isauth.default', () => {
  it('is all comments: the defaults apply until the operator chooses', () => {
    for (const line of DEFAULTS.split('\n')) expect(line === '' || line.startsWith('#'), line).toBe(true);
    expect(DEFAULTS).toContain(`#ISAUTH_LISTEN=${defaultListen()}`);
  });

  it('names only ISAUTH_* variables of docs/configuration.md, at least the ones every site sets', () => {
    const documented = new Set([...read('docs/configuration.md').matchAll(/`(ISAUTH_[A-Z_]+)`/g)].map((m) => m[1]!));
    const named = new Set(examples().map(([k]) => k));
    expect([...named].filter((n) => !documented.has(n))).toEqual([]);
    for (const core of ['LISTEN', 'STORE', 'SERIALIZER', 'COOKIE', 'AUTH', 'TIMEOUT', 'MAX_AGE', 'WORKERS', 'LOG_LEVEL']) {
      expect(named, core).toContain(`ISAUTH_${core}`);
    }
    expect(DEFAULTS).toContain('docs/configuration.md'); // where the full list is
  });

  it('every example value is accepted by isauth --check-config', () => {
    haveIsauthBuild();
    const base: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('ISAUTH_')) base[k] = v;
    // Round n takes the n-th example of each variable, so every example is run once.
    const rounds: Array<Record<string, string>> = [];
    const seen = new Map<string, number>();
    for (const [k, v] of examples()) {
      if (k === 'ISAUTH_CONFIG') continue; // names a file the operator writes
      const n = seen.get(k) ?? 0;
      seen.set(k, n + 1);
      (rounds[n] ??= {})[k] = v;
    }
    expect(rounds.length).toBeGreaterThanOrEqual(3);
    for (const env of rounds) {
      const r = spawnSync(process.execPath, [ISAUTH_MAIN, '--check-config'], { env: { ...base, ...env }, encoding: 'utf8' });
      expect(`${r.status} ${r.stderr}`, JSON.stringify(env)).toBe('0 ');
    }
  });
});
