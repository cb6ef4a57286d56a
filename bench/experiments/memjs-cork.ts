/**
 * EXPERIMENT, not part of isauth: coalesce memjs's socket writes. memjs writes every get to the
 * socket at once (one write syscall each — ~30 % of isauth's CPU in the profile). Corking the
 * socket on the first write of an event-loop turn and uncorking in setImmediate sends all gets
 * issued during that turn in ONE write. Load into isauth with
 *   npm run bench -- --isauth-node-flags "--import ./.bench-build/bench/experiments/memjs-cork.js"
 * to measure what a pipelining memcached client would gain, without touching src/.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface MemjsSocket {
  cork(): void;
  uncork(): void;
  benchCorked?: boolean;
}
interface MemjsServer {
  _socket?: MemjsSocket;
  connected?: boolean;
}
type Write = (this: MemjsServer, blob: Buffer) => void;

const root = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(join(root, 'package.json'));
const { Server } = require('memjs/lib/memjs/server.js') as { Server: { prototype: { write: Write } } };
const write = Server.prototype.write;

Server.prototype.write = function corkedWrite(this: MemjsServer, blob: Buffer): void {
  const s = this._socket;
  if (s && this.connected && !s.benchCorked) {
    s.benchCorked = true;
    s.cork();
    setImmediate(() => {
      s.benchCorked = false;
      s.uncork();
    });
  }
  write.call(this, blob);
};
process.stderr.write('isauth: EXPERIMENT memjs-cork loaded (gets coalesced per event-loop turn)\n');
