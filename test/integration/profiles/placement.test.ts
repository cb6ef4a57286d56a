/**
 * Userland memcached clients place a session by the WHOLE key, not the bare id as PHP's session
 * handler does: Symfony's client (MemcachedAdapter::createConnection sets LIBKETAMA_COMPATIBLE:
 * weighted ketama, MD5) and Laravel's (the skeleton sets no options: php-memcached's default
 * modula over one-at-a-time). Sessions written through the real clients to two and three servers
 * must each be found by the profile, on the server the client chose.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveLaravel, laravelSession } from '../../harness/laravel.js';
import { mcGet } from '../../harness/memcached-text.js';
import { havePrograms } from '../../harness/programs.js';
import { startMemcached, type RunningServer } from '../../harness/servers.js';
import { haveSymfony, symfonyWriteMemcachedSession } from '../../harness/symfony.js';
import { startTestService, type TestService } from '../serve/in-process.js';

const SESSIONS = 10;

async function holders(servers: readonly RunningServer[], key: string): Promise<number[]> {
  const found = await Promise.all(servers.map((s) => mcGet(s.port, key)));
  return found.flatMap((v, i) => (v === null ? [] : [i]));
}

describe.runIf(havePrograms('memcached') && haveSymfony() && haveLaravel('memcached'))('framework clients spread sessions over several memcached servers', () => {
  let servers: RunningServer[] = [];
  const services: TestService[] = [];
  beforeAll(async () => {
    servers = await Promise.all([startMemcached(), startMemcached(), startMemcached()]);
  });
  afterAll(async () => {
    await Promise.all(services.map((s) => s.close()));
    await Promise.all(servers.map((s) => s.stop()));
  });
  const url = (n: number) => `memcached://${servers.slice(0, n).map((s) => `127.0.0.1:${s.port}`).join(',')}`;

  for (const n of [2, 3]) {
    it(`symfony, ${n} servers: every logged-in session found where Symfony's client put it`, async () => {
      const svc = await startTestService(url(n), {}, ['--framework', 'symfony']);
      services.push(svc);
      const used = new Set<number>();
      for (let i = 0; i < SESSIONS; i++) {
        const s = symfonyWriteMemcachedSession({ servers: servers.slice(0, n), loggedIn: true });
        const at = await holders(servers.slice(0, n), s.key);
        expect(at).toHaveLength(1);
        used.add(at[0]!);
        expect(await svc.auth(`PHPSESSID=${s.id}`)).toEqual(['auth', '1']);
      }
      expect(used.size).toBeGreaterThan(1); // the sessions really were spread
    });

    it(`laravel, ${n} servers: every logged-in session found where Laravel's client put it`, async () => {
      const appKey = `base64:${randomBytes(32).toString('base64')}`;
      const svc = await startTestService(url(n), {}, ['--framework', 'laravel', '--app-key', appKey]);
      services.push(svc);
      const used = new Set<number>();
      for (let i = 0; i < SESSIONS; i++) {
        const s = laravelSession({ driver: 'memcached', appKey, loggedIn: true, memcachedServers: servers.slice(0, n) });
        const at = await holders(servers.slice(0, n), s.storeKey);
        expect(at).toHaveLength(1);
        used.add(at[0]!);
        expect(await svc.auth(`${s.cookieName}=${s.cookieValue}`)).toEqual(['auth', '1']);
      }
      expect(used.size).toBeGreaterThan(1);
    });
  }
});
