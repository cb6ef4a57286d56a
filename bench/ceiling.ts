/**
 * The runtime's ceiling for `direct-node`: a bare node:http server answering what isauth's /auth
 * answers (200, X-Cache-Variant, X-Auth-State, Cache-Control, empty body) with no work at all.
 * Run as its own process: `node ceiling.js PORT` (prints "ready" once listening).
 */
import { createServer } from 'node:http';

const port = Number(process.argv[2]);
const server = createServer((_req, res) => {
  res.writeHead(200, { 'x-cache-variant': 'anon', 'x-auth-state': '0', 'cache-control': 'no-store', 'content-length': '0' });
  res.end();
});
server.keepAliveTimeout = 75_000;
server.listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
