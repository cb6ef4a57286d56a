/**
 * `--text-listen`: InspectorD's line protocol over TCP or a unix socket (docs/text-protocol.md).
 * Each connection reads lines (lines.ts), answers them one after another in order (commands.ts),
 * and is bounded by the limits (limits.ts): line length, ids per line, idle time, connections.
 * A connection never blocks another: reading stops only for the connection whose client does not
 * read its answers or sends lines faster than they are answered, and a connection yields to the
 * event loop after each batch of lines (limits.ts), whatever the lines are.
 */
import cluster from 'node:cluster';
import { createServer, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Config } from '../options/schema.js';
import type { ListenAddress } from '../options/values.js';
import { IsauthError } from '../errors.js';
import { tokenCheck } from '../inspect/token.js';
import { listenServer } from '../listen/index.js';
import type { CommandDeps, ConnectionState, Reply } from './commands.js';
import { createCommands } from './commands.js';
import { LineReader, TOO_LONG } from './lines.js';
import { BATCH_LINES, BATCH_MS, MAX_UNSCANNED_BYTES, textLimits, type TextLimits } from './limits.js';

export interface TextServer {
  /** `HOST:PORT` or `unix:/path`. */
  readonly address: string;
  /** Stop accepting; close each connection once its current line is answered. */
  close(): Promise<void>;
}

export interface TextServerOptions {
  readonly listen: ListenAddress;
  readonly socketMode: number;
  /** false in cluster workers (the primary cleared a stale socket before forking). */
  readonly clearStale: boolean;
  readonly limits: TextLimits;
  readonly deps: Omit<CommandDeps, 'maxSids'>;
  readonly logger: Logger;
}

/** The options for `--text-listen` from the configuration (which must set it). */
export function textServerOptions(
  config: Config,
  deps: Omit<CommandDeps, 'maxSids' | 'tokenOk'>,
  logger: Logger,
): TextServerOptions {
  if (config.textListen === null) throw new Error('textServerOptions: --text-listen is off');
  return {
    listen: config.textListen,
    socketMode: config.socketMode,
    clearStale: !cluster.isWorker,
    limits: textLimits(config),
    deps: { ...deps, tokenOk: tokenCheck(config.inspectToken) },
    logger,
  };
}

const TOO_LONG_REPLY: Reply = { text: 'err line too long\r\n', close: true };

/** A command refused on purpose (an IsauthError: a session whose JSON would be too large) → `err CODE message`; the connection stays usable. */
function refusal(e: unknown): Reply {
  if (!(e instanceof IsauthError)) throw e;
  return { text: `err ${e.code} ${e.message}\r\n` };
}

export async function startTextServer(o: TextServerOptions): Promise<TextServer> {
  const { limits, logger } = o;
  const run = createCommands({ ...o.deps, maxSids: limits.maxSids });
  /** Each open connection → whether it is between lines (safe to close now). */
  const open = new Map<Socket, () => boolean>();
  let closing = false;

  function serve(socket: Socket): () => boolean {
    const lines = new LineReader(limits.maxLine);
    const state: ConnectionState = { authed: false };
    let busy = false;
    let done = false;
    const finish = (): void => {
      done = true;
      lines.clear();
      socket.destroySoon();
    };

    /** Answer the buffered lines in order, yielding after each batch; resume reading when all are answered. */
    async function pump(): Promise<void> {
      busy = true;
      let batchStart = performance.now();
      let inBatch = 0;
      for (;;) {
        if (done) break;
        const next = lines.next();
        if (next === undefined) break;
        const reply = next === TOO_LONG ? TOO_LONG_REPLY : await run(next, state).catch(refusal);
        if (socket.destroyed) return;
        if (reply.text !== '' && !socket.write(reply.text)) await drained(socket);
        if (reply.close) finish();
        if (++inBatch >= BATCH_LINES || performance.now() - batchStart >= BATCH_MS) {
          await nextTurn();
          batchStart = performance.now();
          inBatch = 0;
        }
      }
      busy = false;
      if (closing) finish();
      else if (!done && socket.isPaused()) socket.resume();
    }

    socket.setNoDelay(true);
    socket.setTimeout(limits.idleMs, () => socket.destroy());
    socket.on('error', (err) => logger.debug({ err: err.message }, 'text protocol: connection error'));
    socket.on('data', (chunk: Buffer) => {
      if (done) return;
      lines.push(chunk);
      if (lines.unscanned > MAX_UNSCANNED_BYTES) socket.pause();
      if (!busy) {
        pump().catch((err: unknown) => {
          logger.error({ err }, 'text protocol: connection failed');
          socket.destroy();
        });
      }
    });
    socket.on('close', () => {
      done = true;
      open.delete(socket);
    });
    return () => !busy;
  }

  const server: Server = createServer((socket) => {
    if (closing || open.size >= limits.maxConnections) {
      socket.on('error', () => undefined);
      socket.end('err too many connections\r\n');
      socket.destroySoon();
      return;
    }
    open.set(socket, serve(socket));
  });
  server.on('error', (err) => logger.error({ err }, 'text protocol: server error'));

  const address = await listenServer(server, o.listen, o.socketMode, o.clearStale);
  return {
    address,
    async close() {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const [s, idle] of open) if (idle()) s.destroySoon();
      await closed;
    },
  };
}

/** Resolves when `socket` can take more writes, or is closed (its errors are logged where it is served). */
function drained(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}
