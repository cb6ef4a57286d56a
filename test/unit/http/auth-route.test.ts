/**
 * Stage 8, the hot route on node:http: the outcome → headers and status, the session reference
 * (header first, then the cookie), `Connection: close` while draining, one observer call per
 * answer, and a bypass (never a hung request) should the runner ever reject.
 */
import { createServer, type Server } from 'node:http';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { authEndpoint, authRoute } from '../../../src/http/auth-route.js';
import type { DecisionObserver } from '../../../src/observe/decisions.js';
import type { Outcome } from '../../../src/pipeline/outcome.js';
import type { Runner } from '../../../src/pipeline/runner.js';

const AUTH: Outcome = { variant: 'auth', state: '1', reason: 'decided' };
const ANON: Outcome = { variant: 'anon', state: '0', reason: 'no-session' };
const BYPASS: Outcome = { variant: 'bypass', state: 'unknown', reason: 'store-error', code: 'STORE_TIMEOUT' };
const VIP: Outcome = { variant: 'vip', state: '1', reason: 'decided' };

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function serve(decide: Runner['decide'], draining = () => false) {
  const seen: [string, Outcome, string | undefined][] = [];
  const observer: DecisionObserver = { stages: undefined, timed: false, logs: false, decided: (e, o, ref) => void seen.push([e, o, ref]) };
  const route = authRoute({ runner: { decide }, observer, logger: pino({ level: 'silent' }), cookieName: 'PHPSESSID', sessionHeader: 'X-Session-Id', draining });
  const server = createServer((req, res) => {
    const endpoint = authEndpoint(req);
    if (endpoint === undefined) res.writeHead(404).end();
    else route(req, res, endpoint);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`http://127.0.0.1:${port}${path}`, { headers });
  return { get, seen };
}

const byRef: Record<string, Outcome> = { a: AUTH, v: VIP, b: BYPASS };
const decide: Runner['decide'] = async (ref) => (ref !== undefined ? (byRef[ref] ?? ANON) : ANON);

describe('the auth route', () => {
  it('/auth: always 200, empty body, the decision in headers, never cached', async () => {
    const { get } = await serve(decide);
    for (const [ref, variant, state] of [['a', 'auth', '1'], ['v', 'vip', '1'], ['b', 'bypass', 'unknown'], ['x', 'anon', '0']]) {
      const res = await get('/auth', { cookie: `PHPSESSID=${ref}` });
      expect([res.status, res.headers.get('x-cache-variant'), res.headers.get('x-auth-state')]).toEqual([200, variant, state]);
      expect(res.headers.get('content-length')).toBe('0');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.text()).toBe('');
    }
  });

  it('/auth/required: 200 logged in, 401 not, 503 unknown — bodiless', async () => {
    const { get } = await serve(decide);
    expect((await get('/auth/required', { cookie: 'PHPSESSID=a' })).status).toBe(200);
    expect((await get('/auth/required', { cookie: 'PHPSESSID=x' })).status).toBe(401);
    expect((await get('/auth/required', { cookie: 'PHPSESSID=b' })).status).toBe(503);
    expect((await get('/auth/required?x=1')).status).toBe(401);
  });

  it('the session header wins over the cookie; the observer sees each answer with its endpoint', async () => {
    const { get, seen } = await serve(decide);
    await get('/auth', { cookie: 'PHPSESSID=x', 'x-session-id': 'a' });
    await get('/auth/required', { cookie: 'PHPSESSID=v' });
    expect(seen).toEqual([['auth', AUTH, 'a'], ['required', VIP, 'v']]);
  });

  it('while draining, answers carry Connection: close', async () => {
    let draining = false;
    const { get } = await serve(decide, () => draining);
    expect((await get('/auth')).headers.get('connection')).not.toBe('close');
    draining = true;
    expect((await get('/auth')).headers.get('connection')).toBe('close');
  });

  it('a runner that rejects (it never should) answers bypass under INTERNAL, observed', async () => {
    const { get, seen } = await serve(async () => {
      throw new Error('bug');
    });
    const res = await get('/auth', { cookie: 'PHPSESSID=a' });
    expect([res.status, res.headers.get('x-cache-variant'), res.headers.get('x-auth-state')]).toEqual([200, 'bypass', 'unknown']);
    expect(seen[0]?.[1]).toMatchObject({ reason: 'internal-error', code: 'INTERNAL' });
  });

  it('only GET and HEAD of /auth and /auth/required are the hot route', () => {
    const req = (method: string, url: string) => authEndpoint({ method, url } as never);
    expect([req('GET', '/auth'), req('HEAD', '/auth/required?x'), req('POST', '/auth'), req('GET', '/authx'), req('GET', '/metrics')]).toEqual(['auth', 'required', undefined, undefined, undefined]);
  });
});
