/** A fastify app listening on `HOST:PORT` or a unix socket (src/listen/: stale sockets, mode, the printable address). */
import type { FastifyInstance } from 'fastify';
import { addressText, boundPort, clearStaleSocket, openSocketMode } from '../listen/index.js';
import type { ListenAddress } from '../options/values.js';

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
  } else {
    await app.listen({ host: addr.host, port: addr.port });
  }
  await openSocketMode(addr, socketMode);
  return addressText(addr, boundPort(app.server));
}
