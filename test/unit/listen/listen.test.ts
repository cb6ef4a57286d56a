import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearStaleSocket } from '../../../src/listen/index.js';
import { removeTempDir, tempDir } from '../../harness/servers.js';

describe('a unix socket path to listen on', () => {
  it('a regular file there, or a socket a live process answers on, is LISTEN_ADDRESS; a stale socket is removed', async () => {
    const dir = tempDir('isauth-listen-');
    try {
      const file = join(dir, 'not-a-socket');
      writeFileSync(file, 'x');
      await expect(clearStaleSocket(file)).rejects.toMatchObject({ code: 'LISTEN_ADDRESS' });
      const live = join(dir, 'live.sock');
      const server = createServer().listen(live);
      await new Promise((r) => server.once('listening', r));
      await expect(clearStaleSocket(live)).rejects.toMatchObject({ code: 'LISTEN_ADDRESS' });
      await new Promise((r) => server.close(r));
      await expect(clearStaleSocket(join(dir, 'nothing-here.sock'))).resolves.toBeUndefined();
    } finally {
      removeTempDir(dir);
    }
  });
});
