/**
 * Listening on `HOST:PORT` or on a unix socket. A stale socket file left by a crashed isauth is
 * removed; a socket another live process still answers on is not (startup fails instead).
 */
import { chmod, lstat, unlink } from 'node:fs/promises';
import { connect } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { ListenAddress } from '../options/values.js';
import { IsauthError } from '../errors.js';

function socketAnswers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(path);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export async function clearStaleSocket(path: string): Promise<void> {
  let st;
  try {
    st = await lstat(path);
  } catch {
    return; // nothing there
  }
  if (!st.isSocket()) throw new IsauthError('LISTEN_ADDRESS', `--listen: ${path} exists and is not a socket`);
  if (await socketAnswers(path)) throw new IsauthError('LISTEN_ADDRESS', `--listen: another process is listening on ${path}`);
  await unlink(path);
}

/** Start listening; returns a printable address (`127.0.0.1:9180` or `unix:/path`). */
export async function listen(
  app: FastifyInstance,
  addr: ListenAddress,
  socketMode: number,
  /** false in cluster workers: the primary cleared it before forking, and the socket is shared. */
  clearStale = true,
): Promise<string> {
  if ('path' in addr) {
    if (clearStale) await clearStaleSocket(addr.path);
    await app.listen({ path: addr.path });
    // nginx workers run as another user: let them connect.
    await chmod(addr.path, socketMode);
    return `unix:${addr.path}`;
  }
  await app.listen({ host: addr.host, port: addr.port });
  const a = app.server.address();
  const port = a && typeof a === 'object' ? a.port : addr.port;
  return `${addr.host.includes(':') ? `[${addr.host}]` : addr.host}:${port}`;
}
