/**
 * Which host phpredis' session handler (`session.save_handler=redis`) uses when save_path lists
 * several hosts (redis_session.c, redis_pool_add / redis_pool_get_sock):
 * - hosts are PREPENDED to the pool as save_path is parsed: the walk starts at the LAST host;
 * - pos = the session id's first four bytes read as a native (little-endian) unsigned int,
 *   modulo the sum of the weights (`weight=`, default 1);
 * - the host whose weight range [i, i + weight) holds pos, walking from the head, is the one.
 * There is no failover: when that host is down PHP fails the session (and so does isauth).
 */
import type { RedisServer } from '../types.js';

export function phpredisPoolPicker(servers: readonly RedisServer[]): (id: string) => number {
  const order = servers.map((s, index) => ({ weight: s.weight, index })).reverse();
  const total = order.reduce((sum, s) => sum + s.weight, 0);
  return (id) => {
    const bytes = Buffer.alloc(4);
    bytes.write(id.slice(0, 4), 'latin1');
    const pos = bytes.readUInt32LE(0) % total;
    let i = 0;
    for (const s of order) {
      if (pos < i + s.weight) return s.index;
      i += s.weight;
    }
    return order[0]!.index;
  };
}
