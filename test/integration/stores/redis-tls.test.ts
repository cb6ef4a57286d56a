/**
 * `rediss://…?ca=`: a real redis-server with only a TLS port (a self-signed CA and a server
 * certificate for 127.0.0.1 made with openssl in a temp dir); isauth reads over TLS only. PHP
 * writes through the same server's plain port: phpredis 5.3's session handler passes no
 * `stream[cafile]` context to its TLS connection (it fails with "unknown ca" against a private
 * CA), so PHP over TLS would need the CA in the system store. The store contract runs over TLS;
 * a store trusting another CA never reads, and says why (a TLS error, not "cannot connect").
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createBareStore, createStore } from '../../../src/stores/factory.js';
import { parseStoreUrl } from '../../../src/stores/url.js';
import { newSessionId } from '../../harness/php-session.js';
import { havePhpExtensions, havePrograms } from '../../harness/programs.js';
import { freePort, startProcess, tempDir, type RunningServer } from '../../harness/servers.js';
import { allServers } from '../../contracts/servers.js';
import { STORE_OPTS, runStoreContract } from '../../contracts/session-store.js';
import { phpWriteRawSessions } from '../../harness/php-raw-session.js';

interface Pki {
  dir: string;
  ca: string;
  cert: string;
  key: string;
}

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore', timeout: 30_000 });
}

/** A CA and a server certificate (SAN IP:127.0.0.1) signed by it. */
function makePki(): Pki {
  const dir = tempDir('tls');
  openssl(dir, 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=isauth test CA');
  openssl(dir, 'req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  openssl(dir, 'x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'ext.cnf');
  return { dir, ca: join(dir, 'ca.pem'), cert: join(dir, 'server.pem'), key: join(dir, 'server.key') };
}

/** `port` is the TLS port; `plainPort` the one PHP writes through. */
async function startTlsRedis(pki: Pki): Promise<RunningServer & { plainPort: number }> {
  const dir = tempDir('redis-tls');
  const plainPort = await freePort();
  const server = await startProcess(
    'redis-server',
    'rediss',
    (port) => [
      ...['--port', String(plainPort), '--tls-port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      ...['--tls-cert-file', pki.cert, '--tls-key-file', pki.key, '--tls-ca-cert-file', pki.ca, '--tls-auth-clients', 'no'],
    ],
    {},
  );
  return Object.assign(server, { plainPort });
}

describe.runIf(havePrograms('redis-server', 'openssl') && havePhpExtensions('redis'))('redis over TLS', () => {
  runStoreContract('redis (tls)', async () => {
    const pki = makePki();
    const server = await startTlsRedis(pki);
    const spec = parseStoreUrl(`rediss://${server.host}:${server.port}?ca=${pki.ca}`);
    if ('error' in spec) throw new Error(spec.error);
    const direct = new Redis({ host: server.host, port: server.port, tls: { ca: readFileSync(pki.ca) }, lazyConnect: true });
    direct.on('error', () => undefined); // the server is stopped on purpose
    return {
      store: createBareStore(spec, STORE_OPTS),
      locate: (id) => ({ key: `PHPREDIS_SESSION:${id}`, placeBy: id }),
      write: async (sessions) => phpWriteRawSessions({ handler: 'redis', savePath: `tcp://${server.host}:${server.plainPort}` }, sessions),
      plant: async (key, bytes) => (await direct.set(Buffer.from(key), Buffer.from(bytes))) === 'OK',
      server: allServers([server]),
      cleanup: async () => {
        direct.disconnect();
        await server.kill();
      },
    };
  });

  it('a store that trusts another CA never reads, and names the TLS failure', async () => {
    const [pki, other] = [makePki(), makePki()];
    const server = await startTlsRedis(pki);
    const reasons: string[] = [];
    const spec = parseStoreUrl(`rediss://${server.host}:${server.port}?ca=${other.ca}`);
    if ('error' in spec) throw new Error(spec.error);
    const s = createStore(spec, { maxAgeSeconds: 1440, maxBytes: 1024, onHealth: (r) => void (r && reasons.push(r)) });
    try {
      await expect(s.load(`PHPREDIS_SESSION:${newSessionId()}`, newSessionId(), 1000)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
      expect(reasons.join(' ')).toMatch(/certificate|self.signed|verify/i);
    } finally {
      await s.close();
      await server.kill();
    }
  });
});
