/**
 * nginx keeps its connections to isauth open (upstream keepalive, HTTP/1.1, Connection "",
 * bodiless replies): over 200 page requests isauth accepts a handful of connections, not 200 —
 * over TCP and over a unix socket. Counted by isauth itself: isauth_connections_total.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { havePrograms } from '../harness/programs.js';
import { mcSet } from '../harness/memcached-text.js';
import { startStack, type Stack } from './support/stack.js';
import { Visitor } from './support/browser.js';

const REQUESTS = 200;

for (const over of ['tcp', 'unix'] as const) {
  describe.runIf(havePrograms('nginx', 'php-fpm', 'memcached'))(`keepalive to isauth over ${over}`, () => {
    let s: Stack;
    beforeAll(async () => {
      s = await startStack({ isauthOver: over });
      await mcSet(s.memcached.port, 'isauth:page:anon:127.0.0.1/', 'CACHED-ANON');
      await mcSet(s.memcached.port, 'isauth:page:auth:127.0.0.1/', 'CACHED-AUTH');
    });
    afterAll(async () => {
      await s?.stop();
    });

    it(`${REQUESTS} sequential page requests use at most a few connections`, async () => {
      const member = new Visitor(s.nginx.url);
      await member.login();
      const visitor = new Visitor(s.nginx.url);
      const conns = await s.isauth.connectionsDuring(async () => {
        for (let i = 0; i < REQUESTS / 2; i++) {
          expect((await visitor.get('/')).body).toBe('CACHED-ANON');
          expect((await member.get('/')).body).toBe('CACHED-AUTH');
        }
      });
      expect(conns).toBeGreaterThanOrEqual(1); // isauth was asked (the count is real)
      expect(conns).toBeLessThanOrEqual(4);
    });

    it(`${REQUESTS} requests, 8 at a time, including protect-mode checks and POSTs`, async () => {
      const member = new Visitor(s.nginx.url);
      await member.login();
      const conns = await s.isauth.connectionsDuring(async () => {
        const lane = async (n: number): Promise<void> => {
          for (let i = 0; i < REQUESTS / 8; i++) {
            const res = i % 3 === 0 ? await member.get('/members/') : await member.get('/');
            expect(res.status, `lane ${n}`).toBe(200);
          }
        };
        await Promise.all(Array.from({ length: 8 }, (_, n) => lane(n)));
      });
      expect(conns).toBeGreaterThanOrEqual(1);
      expect(conns).toBeLessThanOrEqual(16); // 8 parallel lanes: about one connection per lane, not one per request
    });
  });
}
