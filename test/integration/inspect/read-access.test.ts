/**
 * Read access to decoded sessions (--inspect-token) on real Redis with sessions written by real
 * PHP: GET /sessions/:id[/keys] and the text protocol's auth/get/exists/keys/get_all; 401 (one
 * body) for a missing or wrong token and when the feature is off; the token never in the logs,
 * even at trace level.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type Service } from '../../../src/serve/start.js';
import { havePhpExtensions } from '../../harness/php.js';
import { newSessionId, phpWriteSessions } from '../../harness/php-session.js';
import { havePrograms } from '../../harness/programs.js';
import { startRedis, type RunningServer } from '../../harness/servers.js';
import { portOf, TextClient } from '../../harness/text-client.js';
import { testConfig } from '../serve/in-process.js';

const ready = havePrograms('redis-server') && havePhpExtensions('redis');
const TOKEN = 'inspect-Token-0123456789-abcdef';
const TEXT = { textListen: { host: '127.0.0.1', port: 0 } } as const;

describe.runIf(ready)('read access to sessions', () => {
  let redis: RunningServer;
  let on: Service;
  let off: Service;
  let logs = '';
  const ids = { user: newSessionId(), guest: newSessionId() };
  const missing = newSessionId();

  const get = (svc: Service, path: string, token?: string): Promise<Response> =>
    fetch(`http://${svc.address}${path}`, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    redis = await startRedis();
    phpWriteSessions({ handler: 'redis', savePath: `tcp://127.0.0.1:${redis.port}` }, [
      [ids.user, `$_SESSION['user'] = ['id' => 42, 'role' => 'editor', 'name' => "Zoë"]; $_SESSION['cart'] = [1, 2];`],
      [ids.guest, `$_SESSION['cart'] = [];`],
    ]);
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logs += chunk.toString();
        done();
      },
    });
    const logger = pino({ level: 'trace' }, sink);
    on = await startService(testConfig(redis.url, { ...TEXT, inspectToken: TOKEN, logLevel: 'trace' }), logger);
    off = await startService(testConfig(redis.url, TEXT), logger);
  });
  afterAll(async () => {
    await on?.close();
    await off?.close();
    await redis?.stop();
  });

  it('GET /sessions/:id answers the decoded session as JSON, /keys its variable names', async () => {
    const res = await get(on, `/sessions/${ids.user}`, TOKEN);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ user: { id: 42, role: 'editor', name: 'Zoë' }, cart: [1, 2] });
    const keys = await get(on, `/sessions/${ids.user}/keys`, TOKEN);
    expect(await keys.json()).toEqual(['user', 'cart']);
    expect(await (await get(on, `/sessions/${ids.guest}`, TOKEN)).json()).toEqual({ cart: [] });
  });

  it('404 for a missing session or an id that is not one', async () => {
    for (const id of [missing, 'not-an-id!', '..%2F..%2Fetc%2Fpasswd']) {
      const res = await get(on, `/sessions/${id}`, TOKEN);
      expect([id, res.status, await res.text()]).toEqual([id, 404, '{"error":"not found"}\n']);
    }
    expect((await get(on, `/sessions/${missing}/keys`, TOKEN)).status).toBe(404);
  });

  it('401 with one body for a missing or wrong token, and when the feature is off', async () => {
    const answers = await Promise.all([
      get(on, `/sessions/${ids.user}`),
      get(on, `/sessions/${ids.user}`, 'wrong-token-0123456789'),
      get(on, `/sessions/${ids.user}`, TOKEN.slice(0, -1)),
      get(on, `/sessions/${ids.user}/keys`, `${TOKEN}x`),
      fetch(`http://${on.address}/sessions/${ids.user}`, { headers: { authorization: `Basic ${TOKEN}` } }),
      get(off, `/sessions/${ids.user}`),
      get(off, `/sessions/${ids.user}`, TOKEN),
      get(off, `/sessions/${missing}/keys`, TOKEN),
    ]);
    for (const res of answers) {
      expect(res.status).toBe(401);
      expect(await res.text()).toBe('{"error":"unauthorized"}\n');
    }
  });

  it('text protocol: auth TOKEN, then get/exists/keys/get_all; KEY may be a rule path', async () => {
    const c = await TextClient.connect(portOf(on.textAddress));
    expect(await c.ask(`get ${ids.user} user`)).toEqual(['err unauthorized']);
    expect(await c.ask(`auth ${TOKEN}`)).toEqual(['ok']);
    expect(await c.ask(`get ${ids.user} user|role`)).toEqual(['ok "editor"']);
    expect(await c.ask(`get ${ids.user} user`)).toEqual(['ok {"id":42,"role":"editor","name":"Zoë"}']);
    expect(await c.ask(`get ${ids.user} cart|1`)).toEqual(['ok 2']);
    expect(await c.ask(`get ${ids.user} user|email`)).toEqual(['err no such key']);
    expect(await c.ask(`get ${ids.user} user||id`)).toEqual(['err bad key: empty key in path "user||id" (check for a stray "|")']);
    expect(await c.ask(`exists ${ids.user} user|id`)).toEqual(['ok true']);
    expect(await c.ask(`exists ${ids.user} nope`)).toEqual(['ok false']);
    expect(await c.ask(`exists ${missing} user`)).toEqual(['ok false']);
    expect(await c.ask(`keys ${ids.user}`)).toEqual(['ok ["user","cart"]']);
    expect(await c.ask(`get_all ${ids.guest}`)).toEqual(['ok {"cart":[]}']);
    expect(await c.ask(`get_all ${missing}`)).toEqual(['err no such session']);
    expect(await c.ask(`get ${ids.user}`)).toEqual(['err usage: get SID KEY']);
    // isauth answers as ever on an authenticated connection (@default rules: neither is logged in).
    expect(await c.ask(`isauth ${ids.user} ${ids.guest}`, 2)).toEqual(['0', '0']);
    c.destroy();
  });

  it('text protocol: a wrong token gets `err unauthorized` and a close; with the feature off every token is wrong', async () => {
    const wrong = await TextClient.connect(portOf(on.textAddress));
    expect(await wrong.ask('auth not-the-token-at-all')).toEqual(['err unauthorized']);
    await wrong.waitClosed();
    const c = await TextClient.connect(portOf(off.textAddress));
    expect(await c.ask(`keys ${ids.user}`)).toEqual(['err unauthorized']);
    expect(await c.ask(`auth ${TOKEN}`)).toEqual(['err unauthorized']);
    await c.waitClosed();
  });

  it('never logs the token or a full session id, even at trace level', async () => {
    await get(on, `/sessions/${ids.user}`, TOKEN);
    await get(on, `/sessions/${ids.user}`, 'wrong-token-0123456789');
    await fetch(`http://${on.address}/auth`, { headers: { cookie: `PHPSESSID=${ids.user}`, authorization: `Bearer ${TOKEN}` } });
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain(TOKEN);
    expect(logs).not.toContain(ids.user);
  });
});
