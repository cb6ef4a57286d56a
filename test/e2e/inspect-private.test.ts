/**
 * The read-access endpoints (GET /sessions/:id, --inspect-token) through the SHIPPED nginx files:
 * isauth serves them to whoever reaches it directly (a private address), but the public server
 * block never passes them on — not by path, not through the internal auth locations, not with
 * encoded or dot-segment tricks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { havePrograms } from '../harness/programs.js';
import { Visitor } from './support/browser.js';
import { startStack, type Stack } from './support/stack.js';

const TOKEN = 'e2e-inspect-token-0123456789';

describe.runIf(havePrograms('nginx', 'php-fpm', 'memcached'))('inspect endpoints behind the shipped nginx', () => {
  let s: Stack;
  let sid: string;

  beforeAll(async () => {
    s = await startStack({ isauthOver: 'tcp', isauthFlags: ['--inspect-token', TOKEN] });
    const v = new Visitor(s.nginx.url);
    await v.login('mallory-target');
    sid = v.cookie ?? '';
    expect(sid).not.toBe('');
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('isauth itself answers them (on its private address, with the token)', async () => {
    const res = await s.isauth.get(`/sessions/${sid}`, { authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ user: 'mallory-target' });
  });

  it('the public server block never passes them on', async () => {
    const paths = [
      `/sessions/${sid}`,
      `/sessions/${sid}/keys`,
      `//sessions/${sid}`,
      `/%73essions/${sid}`,
      `/_isauth/../sessions/${sid}`,
      `/_isauth/%2E%2E/sessions/${sid}`,
      `/_isauth`,
      `/_isauth?x=/sessions/${sid}`,
      `/_isauth_required`,
      `/members/../sessions/${sid}`,
    ];
    for (const path of paths) {
      const res = await fetch(`${s.nginx.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}`, cookie: `PHPSESSID=${sid}` }, redirect: 'manual' });
      const body = await res.text();
      expect([path, body.includes('"user"') || /application\/json/.test(res.headers.get('content-type') ?? '')]).toEqual([path, false]);
    }
  });
});
