/**
 * `isauth init` as a command: plain PHP from php.ini and a php-fpm pool, the answers when there is
 * nothing to configure or an option does not apply, and consent — without a terminal and without
 * --yes nothing of the application's runs.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { haveIsauthBuild } from '../../harness/isauth.js';
import { haveLaravel } from '../../harness/laravel.js';
import { tempDir } from '../../harness/servers.js';
import { appCopy } from '../../harness/web-app.js';
import { isauthCli } from './support.js';

describe.runIf(haveIsauthBuild())('isauth init, the command', () => {
  it('plain PHP: --print-config derives the store, serializer, cookie and lifetime from php.ini and the pool, with their lines', () => {
    const dir = tempDir('init-php');
    const app = join(dir, 'site');
    mkdirSync(app);
    writeFileSync(join(app, 'index.php'), '<?php session_start();\n');
    writeFileSync(join(dir, 'php.ini'), '[PHP]\nsession.save_handler = memcached\nsession.save_path = "10.0.0.7:11211"\nsession.serialize_handler = php_serialize\n');
    writeFileSync(join(dir, 'www.conf'), `[site]\nuser = www-data\nlisten = /run/php/site.sock\nphp_admin_value[session.name] = SITESID\nphp_value[memcached.sess_prefix] = site.\nphp_admin_value[session.gc_maxlifetime] = 3600\n`);
    const r = isauthCli(['init', app, '--print-config', '--php-ini', join(dir, 'php.ini'), '--php-fpm-pool', join(dir, 'www.conf')]);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({
      framework: 'plain',
      store: 'memcached://10.0.0.7:11211?prefix=site.&hash=ketama',
      serializer: 'php_serialize',
      cookie: 'SITESID',
      maxAge: '3600',
    });
    const origins = doc.$origins as Record<string, string>;
    expect(origins.cookie).toBe(`php-fpm pool ${join(dir, 'www.conf')}:4: php_admin_value[session.name]`);
    expect(origins.serializer).toBe(`php.ini ${join(dir, 'php.ini')}:4: session.serialize_handler`);
    expect(r.stderr).toContain('no Laravel, Symfony, Django or WordPress files: plain PHP');
  });

  it('a directory that does not exist, an option that does not apply, bad arguments', () => {
    expect(isauthCli(['init', '/nonexistent/app', '--print-config'])).toMatchObject({ status: 1, stderr: expect.stringContaining('INIT_APP: /nonexistent/app is not a directory') });
    const dir = tempDir('init-na');
    expect(isauthCli(['init', dir, '--print-config', '--app-upstream', '127.0.0.1:8000', '--php-ini', '/dev/null'])).toMatchObject({ status: 1, stderr: expect.stringContaining('--app-upstream is for Django') });
    expect(isauthCli(['init', dir, '--bogus'])).toMatchObject({ status: 64, stderr: expect.stringContaining('unknown option --bogus') });
    expect(isauthCli(['init', '--help']).stdout).toContain('usage: isauth init [APP_DIR] [options]');
  });

  it.runIf(haveLaravel())('without a terminal and without --yes, the application\'s tool is shown and not run', () => {
    const app = appCopy('laravel', { '.env': 'APP_KEY=base64:' + Buffer.alloc(32, 1).toString('base64') + '\n' }, ['storage', 'bootstrap/cache']);
    const out = tempDir('init-noconsent');
    chmodSync(out, 0o755);
    const r = isauthCli(['init', app, '--config-out', join(out, 'x.json'), '--nginx-dir', join(out, 'nginx'), '--php-ini', '/dev/null']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/&& php -r CODE\n  where CODE is:/);
    expect(r.stderr).toContain('INIT_COMMAND: not run (answer yes, or pass --yes)');
    expect(isauthCli(['check', 'x', '--config', join(out, 'x.json')]).stderr).toContain('ENOENT'); // nothing written
  });
});
