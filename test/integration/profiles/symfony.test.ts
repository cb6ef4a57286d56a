/**
 * `--framework symfony` end to end on memcached: sessions stored by Symfony's own
 * MemcachedSessionHandler after a real login (test/harness/symfony.ts), small and large (> 2,000
 * bytes: php-memcached compresses them with fastlz, flags 0x50).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { havePrograms } from '../../harness/programs.js';
import { startMemcached, type RunningServer } from '../../harness/servers.js';
import { haveSymfony, symfonyWriteMemcachedSession } from '../../harness/symfony.js';
import { startTestService, type TestService } from '../serve/in-process.js';

describe.runIf(havePrograms('memcached') && haveSymfony())('--framework symfony, MemcachedSessionHandler', () => {
  let mc: RunningServer;
  let svc: TestService;
  beforeAll(async () => {
    mc = await startMemcached();
    svc = await startTestService(`memcached://127.0.0.1:${mc.port}`, {}, ['--framework', 'symfony']);
  });
  afterAll(async () => {
    await svc?.close();
    await mc?.stop();
  });

  for (const bigPayload of [false, true]) {
    it(`${bigPayload ? 'a compressed (fastlz) session' : 'a small session'}: logged in → auth, visitor → anon, old id → anon, after logout → anon`, async () => {
      const user = symfonyWriteMemcachedSession({ servers: [mc], loggedIn: true, bigPayload });
      const guest = symfonyWriteMemcachedSession({ servers: [mc], loggedIn: false, bigPayload });
      expect(user.key).toBe(`sf2s${user.id}`);
      expect(await svc.auth(`PHPSESSID=${user.id}`)).toEqual(['auth', '1']);
      expect(await svc.auth(`PHPSESSID=${guest.id}`)).toEqual(['anon', '0']);
      expect(await svc.auth(`PHPSESSID=${user.previousId}`)).toEqual(['anon', '0']); // login migrated the id
      const out = symfonyWriteMemcachedSession({ servers: [mc], loggedIn: false, bigPayload, logoutId: user.id });
      expect(out.previousId).toBe(user.id);
      expect(await svc.auth(`PHPSESSID=${user.id}`)).toEqual(['anon', '0']); // logout invalidated it
      expect(await svc.auth(`PHPSESSID=${out.id}`)).toEqual(['anon', '0']);
    });
  }
});
