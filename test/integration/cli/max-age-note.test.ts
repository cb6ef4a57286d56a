/**
 * The Laravel and Django profiles assume the framework's default session lifetime (`--max-age`
 * 7200 / 1209600). When the store relies on `--max-age` to expire sessions (files, an SQL `time`
 * column, Django's signed cookies) and that value is the profile's default rather than the
 * application's, isauth says so: one info line at startup, a note in `--check-config` (issue 17).
 * Nothing is said when the store expires sessions itself (memcached/Redis TTLs, an expiry column)
 * or `--max-age` was given.
 */
import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ISAUTH_MAIN, haveIsauthBuild } from '../../harness/isauth.js';
import { freePort, tempDir } from '../../harness/servers.js';

const APP_KEY = `base64:${Buffer.alloc(32, 9).toString('base64')}`;
const LARAVEL = ['--framework', 'laravel', '--app-key', APP_KEY];
const DJANGO = ['--framework', 'django', '--secret-key', 'django-insecure-max-age-note-0123456789'];

function checkConfig(args: string[]): string {
  const r = spawnSync(process.execPath, [ISAUTH_MAIN, 'serve', ...args, '--check-config'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  expect(r.status, r.stderr + r.stdout).toBe(0);
  return r.stdout;
}

const notes = (out: string): string[] => out.split('\n').filter((l) => l.trimStart().startsWith('note:'));

describe.runIf(haveIsauthBuild())('--max-age left at a framework profile\'s default', () => {
  const dir = tempDir('max-age-note');

  it('--check-config notes it where the store relies on --max-age', () => {
    const laravelFiles = notes(checkConfig([...LARAVEL, '--store', `files:${dir}`]));
    expect(laravelFiles).toHaveLength(1);
    expect(laravelFiles[0]).toMatch(/--max-age 7200 is --framework laravel's default.*SESSION_LIFETIME.*files store/);
    expect(notes(checkConfig([...LARAVEL, '--store', 'mysql://u@db/app?schema=laravel']))[0]).toMatch(/--max-age 7200 .*last_activity/);
    expect(notes(checkConfig([...DJANGO, '--store', 'cookie:']))[0]).toMatch(/--max-age 1209600 is --framework django's default.*SESSION_COOKIE_AGE/);
    expect(notes(checkConfig([...DJANGO, '--store', `files:${dir}`]))).toHaveLength(1);
  });

  it('nothing when the store expires sessions itself, or --max-age was given', () => {
    expect(notes(checkConfig([...LARAVEL, '--store', 'redis://127.0.0.1:6379']))).toEqual([]);
    expect(notes(checkConfig([...LARAVEL, '--store', 'memcached://127.0.0.1:11211']))).toEqual([]);
    expect(notes(checkConfig([...DJANGO, '--store', 'postgres://u@db/app?schema=django']))).toEqual([]);
    expect(notes(checkConfig([...LARAVEL, '--store', `files:${dir}`, '--max-age', '7200']))).toEqual([]);
    expect(notes(checkConfig(['--store', `files:${dir}`]))).toEqual([]); // plain: PHP's gc_maxlifetime, no framework default
  });

  it('startup: one info line', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [ISAUTH_MAIN, 'serve', ...LARAVEL, '--store', `files:${dir}`, '--listen', `127.0.0.1:${port}`, '--log-level', 'info'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      for (let i = 0; i < 200 && !out.includes('isauth listening'); i++) await new Promise((r) => setTimeout(r, 50));
      const lines = out.split('\n').filter((l) => l.includes('--max-age 7200'));
      expect(lines, out).toHaveLength(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({ level: 30 });
    } finally {
      child.kill('SIGTERM');
    }
  });
});
