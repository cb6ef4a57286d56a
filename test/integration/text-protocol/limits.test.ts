/**
 * The text protocol's limits and hostile input: every limit (line length, ids per line, idle
 * timeout, connections) and binary, NUL and a megabyte without a newline — each answered with
 * `err` or a close, never a crash: the service keeps answering other clients throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { havePhpExtensions } from '../../harness/php.js';
import { newSessionId, phpWriteSessions } from '../../harness/php-session.js';
import { havePrograms } from '../../harness/programs.js';
import { startMemcached, type RunningServer } from '../../harness/servers.js';
import { portOf, TextClient } from '../../harness/text-client.js';
import { startTestService, type TestService } from '../serve/in-process.js';

const ready = havePrograms('memcached') && havePhpExtensions('memcached');

describe.runIf(ready)('text protocol limits and hostile input', () => {
  let server: RunningServer;
  let svc: TestService;
  let port: number;
  const user = newSessionId();
  const open: TextClient[] = [];
  const client = async (): Promise<TextClient> => {
    const c = await TextClient.connect(port);
    open.push(c);
    return c;
  };
  /** The service still answers a fresh client correctly. */
  const stillServes = async (): Promise<void> => {
    const c = await client();
    expect(await c.ask(`isauth ${user} ${newSessionId()}`, 2)).toEqual(['1', '0']);
    c.destroy();
  };

  beforeAll(async () => {
    server = await startMemcached();
    phpWriteSessions({ handler: 'memcached', savePath: `127.0.0.1:${server.port}` }, [[user, `$_SESSION['user'] = ['id' => 7];`]]);
    svc = await startTestService(
      server.url,
      { textListen: { host: '127.0.0.1', port: 0 }, textMaxLine: 200, textMaxSids: 3, textIdleTimeout: 1000, textMaxConnections: 4, auth: ['user|id'] },
    );
    port = portOf(svc.service.textAddress);
  });
  afterAll(async () => {
    for (const c of open) c.destroy();
    await svc?.close();
    await server?.stop();
  });

  it('ids per line: at the limit answered, past it `err` and the connection stays usable', async () => {
    const c = await client();
    expect(await c.ask(`isauth ${user} ${user} ${user}`, 3)).toEqual(['1', '1', '1']);
    expect(await c.ask(`isauth ${user} ${user} ${user} ${user}`)).toEqual(['err too many ids (at most 3 per line)']);
    expect(await c.ask(`isauth ${user}`)).toEqual(['1']);
    c.destroy();
  });

  it('line length: at the limit answered; past it `err line too long` and a close, after the earlier lines', async () => {
    const c = await client();
    const atLimit = `isauth ${user}`.padEnd(200, ' ');
    expect(await c.ask(atLimit)).toEqual(['1']);
    c.write(`isauth ${user}\r\n${'x'.repeat(201)}\r\nisauth ${user}\r\n`);
    expect(await c.lines(2)).toEqual(['1', 'err line too long']);
    await c.waitClosed();
    expect(c.pending).toBe('');
    await stillServes();
  });

  it('a megabyte without a newline: `err line too long` and a close', async () => {
    const c = await client();
    c.write(Buffer.alloc(1 << 20, 0x41));
    expect(await c.lines(1)).toEqual(['err line too long']);
    await c.waitClosed();
    await stillServes();
  });

  it('binary and NUL bytes: `err` or 0, never a crash', async () => {
    const c = await client();
    c.write(Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x0d, 0x0a]));
    expect(await c.lines(1)).toEqual(['err unknown command']);
    c.write(Buffer.concat([Buffer.from('isauth '), Buffer.from([0x00, 0x80, 0xc3, 0x28]), Buffer.from(` ${user}\0 ${user}\r\n`)]));
    expect(await c.lines(3)).toEqual(['0', '0', '1']);
    c.write('\r\r\r\n');
    expect(await c.lines(1)).toEqual(['err unknown command']);
    c.write(`get ${user} user\r\nauth\r\nkeys\r\n`);
    expect(await c.lines(3)).toEqual(['err unauthorized', 'err usage: auth TOKEN', 'err unauthorized']);
    c.destroy();
    await stillServes();
  });

  it('random garbage in random pieces never crashes the service', async () => {
    let seed = 42;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    for (let round = 0; round < 20; round++) {
      const c = await client();
      for (let i = 0; i < 10; i++) c.write(Buffer.from(Array.from({ length: rand(300) }, () => rand(256))));
      c.destroy();
    }
    await stillServes();
  });

  it('idle connections are closed after the idle timeout; busy ones are not', async () => {
    const idle = await client();
    const busy = await client();
    const started = Date.now();
    for (let i = 0; i < 6; i++) {
      expect(await busy.ask(`isauth ${user}`)).toEqual(['1']);
      await new Promise((r) => setTimeout(r, 300));
    }
    await idle.waitClosed(10_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(busy.isClosed).toBe(false);
    busy.destroy();
  });

  it('connections past the cap get `err too many connections` and a close; the others keep working', async () => {
    const held = [await client(), await client(), await client(), await client()];
    for (const c of held) expect(await c.ask(`isauth ${user}`)).toEqual(['1']);
    const extra = await client();
    expect(await extra.lines(1)).toEqual(['err too many connections']);
    await extra.waitClosed();
    for (const c of held) expect(await c.ask(`isauth ${user}`)).toEqual(['1']);
    held[0]?.destroy();
    await held[0]?.closed;
    // A slot is free again (the server sees the close a moment later: retry briefly).
    let answer: string[] = [];
    for (let i = 0; i < 50 && answer[0] !== '1'; i++) {
      const c = await client();
      c.write(`isauth ${user}\r\n`);
      answer = await c.lines(1).catch(() => ['closed']);
      c.destroy();
      if (answer[0] !== '1') await new Promise((r) => setTimeout(r, 50));
    }
    expect(answer).toEqual(['1']);
    for (const c of held) c.destroy();
  });
});
