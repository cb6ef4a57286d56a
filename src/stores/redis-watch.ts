/**
 * Finding a hung Redis connection — one server, Sentinel's master, or ONE node of a Cluster — and
 * dropping it, so the commands queued on it are released at once instead of when TCP gives up
 * (a SIGSTOPped or frozen server still ACKs; keepalive never fires).
 *
 * A connection is hung when the command at the head of its queue was sent a whole deadline ago
 * and not one byte has arrived on it since. That is exact: a slow server still sends bytes; an
 * idle connection that just got a command has a fresh head. Only commands the store sent itself
 * (`TimedCommand`, stamped when sent) are judged; ioredis' own (the ready check, slot refreshes)
 * have their own timeouts.
 *
 * Dropping destroys the socket ONCE (ioredis then fails everything queued on it and reconnects
 * with its backoff). Calling `disconnect(true)` instead, once per timed-out command, ends the
 * socket gracefully — which never completes against a hung peer — and adds one `close` listener
 * per call to the same socket: the `MaxListenersExceededWarning` of issue 17.
 */
import { Cluster, Command, Redis } from 'ioredis';

/** A command of the store's own, stamped with the moment it was handed to ioredis. */
export class TimedCommand extends Command {
  sentAt = 0;
}

interface NodeState {
  /** performance.now() of the last bytes received on the current socket. */
  lastDataAt: number;
}

export interface HangWatch {
  /** Drop every connection hung for `timeoutMs` (see above). */
  dropHung(timeoutMs: number): void;
  /** A connection was dropped as hung and is not ready again yet (its failures are timeouts). */
  readonly reconnecting: boolean;
}

export function watchHangs(client: Redis | Cluster): HangWatch {
  const states = new Map<Redis, NodeState>();
  /** Nodes dropped as hung, until they are ready again (or leave the Cluster). */
  const dropped = new Set<Redis>();

  function track(node: Redis): void {
    if (states.has(node)) return;
    const state: NodeState = { lastDataAt: performance.now() };
    states.set(node, state);
    const onConnect = (): void => {
      state.lastDataAt = performance.now();
      node.stream.on('data', () => {
        state.lastDataAt = performance.now();
      });
    };
    node.on('connect', onConnect);
    // A node already connected (a Cluster node found before we looked) gets its listener now.
    if (node.status === 'connect' || node.status === 'ready') onConnect();
  }

  if (client instanceof Cluster) {
    for (const node of client.nodes('all')) track(node);
    client.on('+node', (node: Redis) => track(node));
    client.on('-node', (node: Redis) => {
      states.delete(node);
      dropped.delete(node);
    });
  } else {
    track(client);
  }

  return {
    get reconnecting() {
      return dropped.size > 0;
    },
    dropHung(timeoutMs) {
      const now = performance.now();
      for (const [node, state] of states) {
        const head = node.commandQueue.peekFront()?.command;
        if (!(head instanceof TimedCommand) || head.sentAt === 0) continue;
        if (now - head.sentAt < timeoutMs || state.lastDataAt >= head.sentAt) continue;
        const stream = node.stream;
        if (stream === undefined || stream.destroyed) continue;
        stream.destroy();
        if (!dropped.has(node)) {
          dropped.add(node);
          node.once('ready', () => dropped.delete(node));
        }
      }
    },
  };
}
