/**
 * The text protocol (--text-listen) on real memcached with sessions written by real PHP: a client
 * that talks like InspectorD's (CRLF, several ids per line, one connection reused), `\n` lines,
 * tabs and runs of spaces, pipelining, quit, metrics, and a store that is down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { havePhpExtensions } from '../../harness/php.js';
import { newSessionId, phpWriteSessions } from '../../harness/php-session.js';
import { havePrograms } from '../../harness/programs.js';
import { freePort, startMemcached, type RunningServer } from '../../harness/servers.js';
import { portOf, TextClient } from '../../harness/text-client.js';
import { startTestService, type TestService } from '../serve/in-process.js';

const ready = havePrograms('memcached') && havePhpExtensions('memcached');
const TEXT = { textListen: { host: '127.0.0.1', port: 0 } } as const;

const textPort = (svc: TestService): number => portOf(svc.service.textAddress);

describe.runIf(ready)('text protocol: isauth SID…', () => {
  let server: RunningServer;
  let svc: TestService;
  const ids = { user: newSessionId(), guest: newSessionId(), admin: newSessionId() };
  const missing = newSessionId();

  beforeAll(async () => {
    server = await startMemcached();
    phpWriteSessions({ handler: 'memcached', savePath: `127.0.0.1:${server.port}` }, [
      [ids.user, `$_SESSION['user'] = ['id' => 42, 'role' => 'editor'];`],
      [ids.guest, `$_SESSION['cart'] = [3]; $_SESSION['user'] = null;`],
      [ids.admin, `$_SESSION['user'] = ['id' => 1, 'role' => 'admin'];`],
    ]);
    svc = await startTestService(server.url, { ...TEXT, auth: ['user|id'], variants: ['admin=user|role=admin'] });
  });
  afterAll(async () => {
    await svc?.close();
    await server?.stop();
  });

  it('answers like InspectorD: CRLF, several ids per line, one connection reused', async () => {
    const c = await TextClient.connect(textPort(svc));
    expect(await c.ask(`isauth ${ids.user}`)).toEqual(['1']);
    expect(await c.ask(`isauth ${ids.user} ${ids.guest} ${missing} ${ids.admin}`, 4)).toEqual(['1', '0', '0', '1']);
    expect(await c.ask(`isauth ${ids.guest}`)).toEqual(['0']);
    expect(c.pending).toBe('');
    c.destroy();
  });

  it('accepts \\n line ends, tabs and runs of spaces; ignores blank lines', async () => {
    const c = await TextClient.connect(textPort(svc));
    c.write(`\r\n\n  isauth\t${ids.user}  \t ${ids.guest}\t\n`);
    expect(await c.lines(2)).toEqual(['1', '0']);
    c.write(`ISAUTH ${ids.admin}\n`);
    expect(await c.lines(1)).toEqual(['1']);
    c.destroy();
  });

  it('answers pipelined lines in order, also when split anywhere across writes', async () => {
    const c = await TextClient.connect(textPort(svc));
    const script = `isauth ${ids.guest}\r\nisauth ${ids.user} ${ids.user}\r\nbogus\r\nisauth ${missing} ${ids.admin}\r\nisauth\r\n`;
    c.write(script);
    const expected = ['0', '1', '1', 'err unknown command', '0', '1', 'err usage: isauth SID [SID...]'];
    expect(await c.lines(expected.length)).toEqual(expected);
    for (const at of [1, 7, script.indexOf('\r') + 1]) {
      c.write(script.slice(0, at));
      await new Promise((r) => setTimeout(r, 20));
      c.write(script.slice(at));
      expect(await c.lines(expected.length)).toEqual(expected);
    }
    c.destroy();
  });

  it('hundreds of pipelined lines in one write come back complete and in order', async () => {
    const c = await TextClient.connect(textPort(svc));
    const seq = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? ids.user : i % 3 === 1 ? ids.guest : missing));
    c.write(seq.map((id) => `isauth ${id}\r\n`).join(''));
    expect(await c.lines(seq.length)).toEqual(seq.map((id) => (id === ids.user ? '1' : '0')));
    c.destroy();
  });

  it('quit closes the connection', async () => {
    const c = await TextClient.connect(textPort(svc));
    c.write(`isauth ${ids.user}\r\nquit\r\nisauth ${ids.user}\r\n`);
    expect(await c.lines(1)).toEqual(['1']);
    await c.waitClosed();
    expect(c.pending).toBe('');
  });

  it('counts answers in /metrics under endpoint="text"', async () => {
    const c = await TextClient.connect(textPort(svc));
    await c.ask(`isauth ${ids.admin} ${ids.guest}`, 2);
    c.destroy();
    const body = await (await svc.get('/metrics')).text();
    expect(body).toMatch(/isauth_requests_total\{endpoint="text",variant="admin"\} [1-9]/);
    expect(body).toMatch(/isauth_requests_total\{endpoint="text",variant="anon"\} [1-9]/);
  });

  it('a slow client that sends half a line and stalls does not stall a fast one', async () => {
    const slow = await TextClient.connect(textPort(svc));
    slow.write(`isauth ${ids.user.slice(0, 10)}`);
    const fast = await TextClient.connect(textPort(svc));
    for (let i = 0; i < 20; i++) expect(await fast.ask(`isauth ${ids.user}`)).toEqual(['1']);
    slow.write(`${ids.user.slice(10)}\r\n`);
    expect(await slow.lines(1)).toEqual(['1']);
    slow.destroy();
    fast.destroy();
  });

  it('a client that never reads its answers does not stall others', async () => {
    const hog = await TextClient.connect(textPort(svc));
    // ~2 MB of pipelined lines whose answers it never reads: isauth stops reading it, nothing else.
    hog.write(`isauth ${ids.user}\r\n`.repeat(50_000));
    const fast = await TextClient.connect(textPort(svc));
    expect(await fast.ask(`isauth ${ids.user} ${ids.guest}`, 2)).toEqual(['1', '0']);
    hog.destroy();
    fast.destroy();
  });
});

describe.runIf(ready)('text protocol: the store is down', () => {
  let svc: TestService;

  beforeAll(async () => {
    // Nothing listens there: every read fails with STORE_UNAVAILABLE.
    svc = await startTestService(`memcached://127.0.0.1:${await freePort()}`, { ...TEXT, inspectToken: 'a-long-enough-test-token' });
  });
  afterAll(async () => {
    await svc?.close();
  });

  it('answers 0 for every id (fail closed), and err for reads', async () => {
    const c = await TextClient.connect(textPort(svc));
    const many = Array.from({ length: 5 }, () => newSessionId());
    expect(await c.ask(`isauth ${many.join(' ')}`, 5)).toEqual(['0', '0', '0', '0', '0']);
    expect(await c.ask('auth a-long-enough-test-token')).toEqual(['ok']);
    expect(await c.ask(`get_all ${many[0]}`)).toEqual(['err unavailable STORE_UNAVAILABLE']);
    expect(await c.ask(`exists ${many[0]} user`)).toEqual(['err unavailable STORE_UNAVAILABLE']);
    c.destroy();
    const body = await (await svc.get('/metrics')).text();
    expect(body).toMatch(/isauth_requests_total\{endpoint="text",variant="bypass"\} 5/);
  });
});

describe('text protocol: shutdown', () => {
  it('close() stops accepting and closes idle connections after their answers', async () => {
    const svc = await startTestService(`memcached://127.0.0.1:${await freePort()}`, TEXT);
    const port = textPort(svc);
    const idle = await TextClient.connect(port);
    expect(await idle.ask(`isauth ${newSessionId()}`)).toEqual(['0']);
    await svc.close();
    await idle.waitClosed();
    await expect(TextClient.connect(port)).rejects.toThrow();
  });
});
