/**
 * Sessions written by php-memcached (save_handler=memcached) or pecl memcache (with `?prefix=`),
 * read with memjs over the binary protocol.
 *
 * - Key = prefix + id, on the server php-memcached chose for the id (memcached-hash.ts). There
 *   is no failover: a session read from another server would be a wrong answer, so a down server
 *   is an error (STORE_UNAVAILABLE), never a fallback.
 * - Every load has its own deadline (timeoutMs) → STORE_TIMEOUT, whatever state memjs is in.
 *   A refused connection fails at once (memjs retries: 0) → STORE_UNAVAILABLE. memjs drops a
 *   connection on error or after its own 1 s request timeout and connects again on the next
 *   request, so the store recovers by itself when the server comes back.
 * - A key longer than 250 bytes cannot exist in memcached (libmemcached refuses it) → null.
 * - Values must have flags 0 (what php-memcached's session handler and pecl memcache write for
 *   uncompressed data); other flags (compression, typed values) → STORE_PROTOCOL.
 * - TCP_NODELAY on every connection; TCP keep-alive on; SASL/env credentials are never used.
 */
import memjs from 'memjs';
import type { Socket } from 'node:net';
import { IsauthError } from '../errors.js';
import { isSafeSessionId } from './id.js';
import { serverPicker } from './memcached-hash.js';
import type { SessionStore, StoreOptions, StoreSpec } from './types.js';

type MemcachedSpec = Extract<StoreSpec, { kind: 'memcached' }>;

/** memjs internals used here (not in its type definitions). */
interface MemjsServerInternals {
  username: string | undefined;
  password: string | undefined;
  _socket?: Socket;
  sock(sasl: boolean, go: (s: Socket) => void): void;
  onResponse(seq: number, fn: (r: { header: { status: number } }) => void): void;
  onError(seq: number, fn: (e: unknown) => void): void;
  write(blob: Buffer): void;
}

const MAX_KEY_BYTES = 250;
const OP_VERSION = 0x0b;
/** memjs' own per-request and connect timeouts, in seconds: how soon a hung connection is dropped. */
const MEMJS_TIMEOUT_S = 1;
const silent = { log: () => undefined };

/** Map a memjs error to the catalogue; never includes the key. */
function storeError(err: unknown): IsauthError {
  if (err instanceof IsauthError) return err;
  const e = err as { code?: string; message?: string } | string | undefined;
  const msg = typeof e === 'string' ? e : (e?.message ?? String(e));
  const code = typeof e === 'object' ? e?.code : undefined;
  if (/timed out/.test(msg)) return new IsauthError('STORE_UNAVAILABLE', `memcached: ${msg}`, { cause: err });
  if (code || /No servers available|ECONN|EPIPE|socket/i.test(msg)) {
    return new IsauthError('STORE_UNAVAILABLE', `memcached: ${code ?? msg}`, { cause: err });
  }
  return new IsauthError('STORE_PROTOCOL', `memcached: ${msg}`, { cause: err });
}

/** Run `op` with a deadline; `op` gets a callback-style resolver. */
function withDeadline<T>(timeoutMs: number, what: string, op: (done: (err: unknown, v?: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      reject(new IsauthError('STORE_TIMEOUT', `memcached: no answer to ${what} within ${timeoutMs} ms`));
    }, timeoutMs);
    op((err, v) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(storeError(err));
      else resolve(v as T);
    });
  });
}

export function createMemcachedStore(spec: MemcachedSpec, opts: StoreOptions): SessionStore {
  if (spec.servers.length === 0) throw new IsauthError('STORE_URL', 'memcached: no server given');
  /** Every socket memjs opened, per server (see the sock() wrapper below). */
  const socketsByServer: Set<Socket>[] = [];
  const servers = spec.servers.map((s) => {
    const server = new memjs.Server(s.host, s.port, undefined, undefined, {
      timeout: MEMJS_TIMEOUT_S,
      conntimeout: MEMJS_TIMEOUT_S,
      keepAlive: true,
      keepAliveDelay: 30,
    });
    const internals = server as unknown as MemjsServerInternals;
    // memjs would take SASL credentials from MEMCACHIER_*/MEMCACHE_* env vars: never do that.
    internals.username = undefined;
    internals.password = undefined;
    const sockets = new Set<Socket>();
    socketsByServer.push(sockets);
    const sock = internals.sock.bind(server);
    internals.sock = (sasl, go) => {
      const fresh = internals._socket === undefined;
      sock(sasl, go);
      const current = internals._socket;
      if (fresh && current) {
        current.setNoDelay(true);
        // memjs gives up on a timed-out socket with end() and forgets it; against a hung server
        // that half-closed socket would never close. Destroy abandoned ones here, and all on close.
        for (const old of sockets) if (old !== current) old.destroy();
        sockets.add(current);
        current.once('close', () => sockets.delete(current));
      }
    };
    return server;
  });
  const client = new memjs.Client(servers, { retries: 0, failover: false, logger: silent });
  const pick = serverPicker(spec.servers, spec.distribution);
  const prefixLength = spec.prefix.length;
  // memjs calls getServer(key) with the full key; php-memcached hashes the bare id.
  (client as unknown as { getServer(key: string): number }).getServer = (key) => pick(key.slice(prefixLength));
  let closed = false;

  const checkOpen = (): void => {
    if (closed) throw new IsauthError('STORE_UNAVAILABLE', 'memcached: store is closed');
  };

  return {
    kind: 'memcached',

    async load(id, timeoutMs) {
      checkOpen();
      if (!isSafeSessionId(id)) return null;
      const key = spec.prefix + id;
      if (Buffer.byteLength(key) > MAX_KEY_BYTES) return null;
      const got = await withDeadline<{ value: Buffer | null; flags: Buffer | null }>(timeoutMs, 'get', (done) =>
        client.get(key, (err, value, flags) => done(err, { value, flags: flags as Buffer | null })),
      );
      if (got.value === null) return null;
      const flags = got.flags && got.flags.length >= 4 ? got.flags.readUInt32BE(0) : 0;
      if (flags !== 0) throw new IsauthError('STORE_PROTOCOL', `memcached: value has flags 0x${flags.toString(16)} (compressed or not a plain string)`);
      if (got.value.length > opts.maxBytes) {
        throw new IsauthError('STORE_TOO_LARGE', `memcached: session of ${got.value.length} bytes exceeds ${opts.maxBytes}`);
      }
      return new Uint8Array(got.value.buffer, got.value.byteOffset, got.value.length);
    },

    /** A VERSION request to EVERY server (any of them may hold a session), each within the deadline. */
    async verify(timeoutMs) {
      checkOpen();
      await Promise.all(
        servers.map((server, i) =>
          withDeadline<void>(timeoutMs, 'version', (done) => {
            const internals = server as unknown as MemjsServerInternals;
            client.incrSeq();
            const seq = client.seq;
            internals.onResponse(seq, (r) => done(r.header.status === 0 ? undefined : new Error(`status ${r.header.status}`)));
            internals.onError(seq, (e) => done(e ?? new Error('error')));
            internals.write(memjs.Utils.makeRequestBuffer(OP_VERSION, '', '', '', seq));
          }).catch((err: unknown) => {
            const e = storeError(err);
            throw new IsauthError(e.code, `${e.message} (server ${i + 1} of ${servers.length})`, { cause: err });
          }),
        ),
      );
    },

    async close() {
      if (closed) return;
      closed = true;
      client.close();
      for (const sockets of socketsByServer) {
        for (const socket of sockets) socket.destroy();
        sockets.clear();
      }
    },
  };
}
