/**
 * Listening on `HOST:PORT` or on a unix socket, for every listener of the service (HTTP, the text
 * protocol, `--metrics-listen`). A stale socket file left by a crashed isauth is removed; a socket
 * another live process still answers on is not (startup fails instead). The socket gets
 * `--socket-mode`, so nginx workers running as another user can connect.
 */
import { chmod, lstat, unlink } from 'node:fs/promises';
import { connect, type Server } from 'node:net';
import { IsauthError } from '../errors.js';
import type { ListenAddress } from '../options/values.js';

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

/** `127.0.0.1:9180`, `[::1]:9180` or `unix:/path` — `port` is the one bound (when the address said 0). */
export function addressText(addr: ListenAddress, port?: number): string {
  if ('path' in addr) return `unix:${addr.path}`;
  return `${addr.host.includes(':') ? `[${addr.host}]` : addr.host}:${port ?? addr.port}`;
}

/** The port `server` is bound to (TCP), else undefined. */
export function boundPort(server: Server): number | undefined {
  const a = server.address();
  return a !== null && typeof a === 'object' ? a.port : undefined;
}

/** After listening on a unix socket: let nginx workers (another user) connect. */
export async function openSocketMode(addr: ListenAddress, socketMode: number): Promise<void> {
  if ('path' in addr) await chmod(addr.path, socketMode);
}

/**
 * Listen with a plain net (or http) server; returns the printable address. `clearStale` is
 * false in cluster workers: the primary cleared it before forking, and the socket is shared.
 */
export async function listenServer(server: Server, addr: ListenAddress, socketMode: number, clearStale = true): Promise<string> {
  const started = new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  if ('path' in addr) {
    if (clearStale) await clearStaleSocket(addr.path);
    server.listen(addr.path);
  } else {
    server.listen(addr.port, addr.host);
  }
  await started;
  await openSocketMode(addr, socketMode);
  return addressText(addr, boundPort(server));
}
