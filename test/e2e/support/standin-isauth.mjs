// STAND-IN for `isauth serve`, used ONLY while the real service is being written.
// Same CLI flags; answers the contract headers from a regex over the PHP session. Not shipped.
import { createServer } from 'node:http';
import { createConnection } from 'node:net';
import { chmodSync, rmSync } from 'node:fs';

const arg = (name) => process.argv[process.argv.indexOf(name) + 1];
const listen = arg('--listen');
const store = new URL(arg('--store'));
let connections = 0;

function mcGet(key) {
  return new Promise((resolve, reject) => {
    const s = createConnection({ host: store.hostname, port: Number(store.port) });
    let buf = Buffer.alloc(0);
    s.setTimeout(300, () => s.destroy(new Error('timeout')));
    s.on('error', reject);
    s.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      const t = buf.toString('latin1');
      if (t.endsWith('END\r\n')) {
        s.end();
        const m = /^VALUE \S+ \d+ (\d+)\r\n/.exec(t);
        resolve(m ? t.slice(m[0].length, m[0].length + Number(m[1])) : null);
      }
    });
    s.write(`get ${key}\r\n`);
  });
}

async function decide(id) {
  if (!id) return ['anon', '0'];
  try {
    const data = await mcGet(`memc.sess.key.${id}`);
    if (data === null) return ['anon', '0'];
    return /(^|;|})user\|s:[1-9]/.test(data) ? ['auth', '1'] : ['anon', '0'];
  } catch {
    return ['bypass', 'unknown'];
  }
}

const server = createServer(async (req, res) => {
  const path = req.url.split('?')[0];
  if (path === '/healthz') return res.end('ok\n');
  if (path === '/metrics') return res.end(`isauth_connections_total ${connections}\n`);
  const [variant, state] = await decide(req.headers['x-session-id']);
  const status = path === '/auth/required' ? { 1: 200, 0: 401, unknown: 503 }[state] : 200;
  res.writeHead(status, { 'x-cache-variant': variant, 'x-auth-state': state, 'content-length': '0' });
  res.end();
});
server.keepAliveTimeout = 75_000;
server.on('connection', () => connections++);
if (listen.startsWith('unix:')) {
  const path = listen.slice(5);
  rmSync(path, { force: true });
  server.listen(path, () => chmodSync(path, 0o666));
} else {
  const [host, port] = listen.split(':');
  server.listen(Number(port), host);
}
process.on('SIGTERM', () => process.exit(0));
