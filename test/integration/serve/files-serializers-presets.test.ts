/**
 * The service on PHP's files store: every serializer and every preset, with sessions written by
 * real PHP through the files handler; expiry by mtime; hostile ids never touch the filesystem.
 */
import { readdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { havePhpExtensions } from '../../harness/php.js';
import { newSessionId, phpWriteSession, type PhpSessionTarget } from '../../harness/php-session.js';
import { removeTempDir, tempDir } from '../../harness/servers.js';
import { startTestService, type TestService } from './in-process.js';

const ready = havePhpExtensions('igbinary');
const LAMINAS = `if (!class_exists('Container')) { class Container { protected $storage; protected $flag = 2; function __construct($s) { $this->storage = $s; } } }`;
const SERIALIZERS = ['php', 'php_binary', 'php_serialize', 'igbinary'] as const;

describe.runIf(ready)('serve with the files store', () => {
  describe.each(SERIALIZERS)('serializer %s', (serializer) => {
    let svc: TestService;
    let savePath: string;
    const target = (): PhpSessionTarget => ({ handler: 'files', savePath, serializer });
    const ids = { user: newSessionId(), guest: newSessionId(), admin: newSessionId() };

    beforeAll(async () => {
      savePath = tempDir(`isauth-${serializer}-`);
      phpWriteSession(target(), ids.user, `$_SESSION['uid'] = 7; $_SESSION['roles'] = ['member'];`);
      phpWriteSession(target(), ids.guest, `$_SESSION['uid'] = 0; $_SESSION['flash'] = "hi";`);
      phpWriteSession(target(), ids.admin, `$_SESSION['uid'] = 1; $_SESSION['roles'] = ['member', 'admin'];`);
      svc = await startTestService(`files:${target().savePath}`, {
        serializer,
        auth: ['uid'],
        variants: ['admin=roles|1=admin'],
      });
    });
    afterAll(async () => {
      await svc?.close();
      removeTempDir(savePath);
    });

    it('decides from what PHP wrote', async () => {
      expect(await svc.auth(`PHPSESSID=${ids.user}`)).toEqual(['auth', '1']);
      expect(await svc.auth(`PHPSESSID=${ids.guest}`)).toEqual(['anon', '0']);
      expect(await svc.auth(`PHPSESSID=${ids.admin}`)).toEqual(['admin', '1']);
      expect(await svc.auth(`PHPSESSID=${newSessionId()}`)).toEqual(['anon', '0']);
    });

    it('treats a session older than --max-age as logged out', async () => {
      const id = newSessionId();
      phpWriteSession(target(), id, `$_SESSION['uid'] = 9;`);
      expect(await svc.auth(`PHPSESSID=${id}`)).toEqual(['auth', '1']);
      const old = new Date(Date.now() - 1441 * 1000);
      utimesSync(join(target().savePath, `sess_${id}`), old, old);
      expect(await svc.auth(`PHPSESSID=${id}`)).toEqual(['anon', '0']);
    });

    it('never creates or reads files for hostile or missing ids', async () => {
      const before = readdirSync(target().savePath).sort();
      for (const c of ['../sess_x', '..%2F..%2Fetc%2Fpasswd', 'a%00b', newSessionId()]) {
        expect(await svc.auth(`PHPSESSID=${c}`)).toEqual(['anon', '0']);
      }
      expect(readdirSync(target().savePath).sort()).toEqual(before);
    });
  });

  describe('presets (sessions shaped as each framework writes them)', () => {
    const cases: Array<[preset: string, serializer: (typeof SERIALIZERS)[number], loggedIn: string, guest: string]> = [
      ['@symfony1', 'php', `$_SESSION['symfony/user/sfUser/authenticated'] = true; $_SESSION['symfony/user/sfUser/credentials'] = [];`,
        `$_SESSION['symfony/user/sfUser/authenticated'] = false;`],
      ['@symfony', 'php', `$_SESSION['_sf2_attributes'] = ['_security_main' => serialize(['user' => 'alice']), '_csrf/authenticate' => 'x']; $_SESSION['_sf2_meta'] = ['u' => time(), 'c' => time(), 'l' => 0];`,
        `$_SESSION['_sf2_attributes'] = ['_security.main.target_path' => '/admin']; $_SESSION['_sf2_meta'] = ['u' => time(), 'c' => time(), 'l' => 0];`],
      ['@laravel', 'php_serialize', `$_SESSION['_token'] = 'abc'; $_SESSION['login_web_59ba36addc2b2f9401580f014c7f58ea4e30989d'] = 5;`,
        `$_SESSION['_token'] = 'abc'; $_SESSION['_previous'] = ['url' => 'http://x/'];`],
      ['@yii2', 'php', `$_SESSION['__flash'] = []; $_SESSION['__id'] = 12;`, `$_SESSION['__flash'] = [];`],
      ['@cakephp', 'php', `$_SESSION['Config'] = ['time' => 1]; $_SESSION['Auth'] = ['User' => ['id' => 3, 'username' => 'bob']];`,
        `$_SESSION['Config'] = ['time' => 1];`],
      // Laminas\Session\Container keeps its data in a protected `storage` property.
      ['@laminas', 'php', `${LAMINAS} $_SESSION['Laminas_Auth'] = new Container(['storage' => 'alice']); $_SESSION['__Laminas'] = [];`,
        `${LAMINAS} $_SESSION['Laminas_Auth'] = new Container([]); $_SESSION['__Laminas'] = [];`],
      ['@codeigniter', 'php', `$_SESSION['__ci_last_regenerate'] = time(); $_SESSION['logged_in'] = true;`,
        `$_SESSION['__ci_last_regenerate'] = time();`],
    ];

    it.each(cases)('%s', async (preset, serializer, loggedIn, guest) => {
      const savePath = tempDir('isauth-preset-');
      const t: PhpSessionTarget = { handler: 'files', savePath, serializer };
      const [yes, no] = [newSessionId(), newSessionId()];
      phpWriteSession(t, yes, loggedIn);
      phpWriteSession(t, no, guest);
      const svc = await startTestService(`files:${savePath}`, { serializer, auth: [preset] });
      try {
        expect(await svc.auth(`PHPSESSID=${yes}`)).toEqual(['auth', '1']);
        expect(await svc.auth(`PHPSESSID=${no}`)).toEqual(['anon', '0']);
      } finally {
        await svc.close();
        removeTempDir(savePath);
      }
    });
  });
});
