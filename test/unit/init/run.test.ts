/**
 * How `isauth init` runs the application's tools (src/init/run.ts): described exactly before it
 * runs, never through a shell, with a deadline, without isauth's own ISAUTH_* variables.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { describeCommand, runCommand, shellQuote } from '../../../src/init/run.js';

describe('isauth init runs tools', () => {
  it('quotes as a POSIX shell reads it back', () => {
    for (const s of ['plain', "it's", 'a b', '$HOME', '`x`', '"q"', '', "'"]) {
      const r = spawnSync('sh', ['-c', `printf %s ${shellQuote(s)}`], { encoding: 'utf8' });
      expect(r.stdout).toBe(s);
    }
    expect(shellQuote('bin/console')).toBe('bin/console');
  });

  it('describes the command as it runs: the directory, runuser, env, and a script below as CODE', () => {
    expect(describeCommand({ argv: ['php', '-r', 'echo 1;\necho 2;'], cwd: '/srv/my app', user: 'www-data', env: { APP_DEBUG: '1' } })).toBe(
      "cd '/srv/my app' && runuser -u www-data -- env APP_DEBUG=1 php -r CODE\nwhere CODE is:\n    echo 1;\n    echo 2;",
    );
  });

  it('runs without a shell, without ISAUTH_* variables, and kills a tool past its deadline', async () => {
    const env = await runCommand({ argv: ['sh', '-c', 'echo "$ISAUTH_APP_KEY|$KEEP|$EXTRA"'], cwd: '/', env: { EXTRA: 'e' } }, 5000, { PATH: process.env.PATH, ISAUTH_APP_KEY: 'secret', KEEP: 'k' });
    expect(env).toMatchObject({ status: 0, stdout: '|k|e\n' });
    const noShell = await runCommand({ argv: ['echo', '$HOME; rm -rf /'], cwd: '/' }, 5000);
    expect(noShell.stdout).toBe('$HOME; rm -rf /\n');
    const slow = await runCommand({ argv: ['sleep', '10'], cwd: '/' }, 200);
    expect(slow.aborted).toBe('did not finish within 0.2 s');
    const missing = await runCommand({ argv: ['/nonexistent/tool'], cwd: '/' }, 1000);
    expect(missing.status).not.toBe(0);
  });
});
