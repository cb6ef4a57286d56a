/**
 * Issue 13's remaining proofs, each against real PHP writing through its own code:
 * - memcached over a unix socket (php-memcached's session handler, save_path = the socket path)
 *   and over IPv6 (`[::1]:port`), each on two servers placed as PHP placed them;
 * - a Redis ACL user with a password (isauth reads as its own user, PHP writes as another);
 * - a custom save handler (a SessionHandlerInterface class storing into Redis under
 *   `myapp:sess:{id}`) read with `?key=myapp:sess:{id}`.
 */
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { havePhpExtensions, runPhp } from '../../harness/php.js';
import { newSessionId, phpWriteSession } from '../../harness/php-session.js';
import { findProgram, havePrograms } from '../../harness/programs.js';
import { spawnTracked, waitForSocket, type Tracked } from '../../harness/process.js';
import { freePort, startRedis, tempDir, waitForPort, type RunningServer } from '../../harness/servers.js';
import { startTestService, type TestService } from '../serve/in-process.js';

const services: TestService[] = [];
const servers: Array<RunningServer | Tracked> = [];
afterAll(async () => {
  await Promise.all(services.map((s) => s.close()));
  await Promise.all(servers.map((s) => s.stop()));
});
async function service(url: string, flags: string[] = []): Promise<TestService> {
  const s = await startTestService(url, {}, ['--auth', 'user', ...flags]);
  services.push(s);
  return s;
}

describe.runIf(havePrograms('memcached') && havePhpExtensions('memcached'))('memcached over a unix socket', () => {
  it('reads what php-memcached wrote through the socket', async () => {
    const dir = tempDir('mc-sock-');
    chmodSync(dir, 0o755);
    const sock = join(dir, 'memcached.sock');
    // -s: a unix socket only (memcached then opens no TCP port).
    const mc = spawnTracked('memcached', findProgram('memcached')!, ['-s', sock, '-a', '0666', '-u', 'root'], { keepStdout: false });
    servers.push(mc);
    await mc.started(waitForSocket(sock));
    const [user, guest] = [newSessionId(), newSessionId()];
    phpWriteSession({ handler: 'memcached', savePath: sock }, user, `$_SESSION['user'] = 'alice';`);
    phpWriteSession({ handler: 'memcached', savePath: sock }, guest, `$_SESSION['cart'] = [1];`);
    const svc = await service(`memcached://${sock}`);
    expect(await svc.auth(`PHPSESSID=${user}`)).toEqual(['auth', '1']);
    expect(await svc.auth(`PHPSESSID=${guest}`)).toEqual(['anon', '0']);
  });
});

describe.runIf(havePrograms('memcached') && havePhpExtensions('memcached'))('a pool of unix-socket memcached servers', () => {
  it('reads what php-memcached wrote over two sockets, on the server PHP chose', async () => {
    const dir = tempDir('mc-socks-');
    chmodSync(dir, 0o755);
    const socks = [join(dir, 'a.sock'), join(dir, 'b.sock')];
    for (const sock of socks) {
      const mc = spawnTracked('memcached', findProgram('memcached')!, ['-s', sock, '-a', '0666', '-u', 'root'], { keepStdout: false });
      servers.push(mc);
      await mc.started(waitForSocket(sock));
    }
    const list = socks.join(',');
    const ids = Array.from({ length: 8 }, () => newSessionId());
    for (const id of ids) phpWriteSession({ handler: 'memcached', savePath: list }, id, `$_SESSION['user'] = 'erin';`);
    const svc = await service(`memcached://${list}`);
    for (const id of ids) expect(await svc.auth(`PHPSESSID=${id}`)).toEqual(['auth', '1']);
  });
});

describe.runIf(havePrograms('memcached') && havePhpExtensions('memcached'))('memcached over IPv6', () => {
  it('reads what php-memcached wrote to [::1]:port servers, on the server PHP chose', async () => {
    const ports = [await freePort(), await freePort()];
    for (const port of ports) {
      const mc = spawnTracked('memcached', findProgram('memcached')!, ['-l', '::1', '-p', String(port), '-U', '0', '-u', 'root'], { keepStdout: false });
      servers.push(mc);
      await mc.started(waitForPort(port, 10_000, '::1'));
    }
    const list = ports.map((p) => `[::1]:${p}`).join(',');
    const ids = Array.from({ length: 8 }, () => newSessionId());
    for (const id of ids) phpWriteSession({ handler: 'memcached', savePath: list }, id, `$_SESSION['user'] = 'dave';`);
    const svc = await service(`memcached://${list}`);
    for (const id of ids) expect(await svc.auth(`PHPSESSID=${id}`)).toEqual(['auth', '1']);
  });
});

describe.runIf(havePrograms('redis-server') && havePhpExtensions('redis'))('Redis ACL users and custom save handlers', () => {
  it('an ACL user with a password reads what PHP wrote as another user; a wrong password never reads', async () => {
    const rd = await startRedis({ args: ['--requirepass', 'php-secret', '--user', 'isauth', 'on', '>isauth-secret', '~PHPREDIS_SESSION:*', '+get', '+getrange', '+exists', '+ping', '+strlen'] });
    servers.push(rd);
    const id = newSessionId();
    phpWriteSession({ handler: 'redis', savePath: `tcp://127.0.0.1:${rd.port}?auth=php-secret` }, id, `$_SESSION['user'] = 'bob';`);
    const svc = await service(`redis://isauth:isauth-secret@127.0.0.1:${rd.port}`);
    expect(await svc.auth(`PHPSESSID=${id}`)).toEqual(['auth', '1']);
    const wrong = await service(`redis://isauth:nope@127.0.0.1:${rd.port}`);
    expect(await wrong.auth(`PHPSESSID=${id}`)).toEqual(['bypass', 'unknown']);
  });

  it('?key= reads a custom SessionHandlerInterface that stores myapp:sess:{id}', async () => {
    const rd = await startRedis();
    servers.push(rd);
    const [user, guest] = [newSessionId(), newSessionId()];
    const handler = `
      class MyAppHandler implements SessionHandlerInterface {
        private Redis $r;
        public function open($path, $name): bool { $this->r = new Redis(); return $this->r->connect('127.0.0.1', ${rd.port}); }
        public function close(): bool { return true; }
        public function read($id): string|false { $v = $this->r->get("myapp:sess:$id"); return $v === false ? '' : $v; }
        public function write($id, $data): bool { return $this->r->setEx("myapp:sess:$id", 1440, $data); }
        public function destroy($id): bool { $this->r->del("myapp:sess:$id"); return true; }
        public function gc($max): int|false { return 0; }
      }
      session_set_save_handler(new MyAppHandler(), true);
      ini_set('session.use_cookies', '0');`;
    for (const [id, code] of [[user, `$_SESSION['user'] = 'carol';`], [guest, `$_SESSION['cart'] = [2];`]] as const) {
      runPhp(`${handler} session_id('${id}'); session_start(); ${code} session_write_close();`);
    }
    const svc = await service(`redis://127.0.0.1:${rd.port}?key=myapp:sess:{id}`);
    expect(await svc.auth(`PHPSESSID=${user}`)).toEqual(['auth', '1']);
    expect(await svc.auth(`PHPSESSID=${guest}`)).toEqual(['anon', '0']);
    const plain = await service(`redis://127.0.0.1:${rd.port}`); // PHP's default key: not there
    expect(await plain.auth(`PHPSESSID=${user}`)).toEqual(['anon', '0']);
  });
});
