/**
 * Real PHP writes EXACT bytes as a session through its real save handler (files, memcached,
 * redis): a SessionHandler subclass forwards to the configured handler but replaces the
 * serialized data with the given bytes. The handler code (paths, keys, server choice, expiry) is
 * PHP's own; only the payload is ours. Bytes travel on stdin, base64-encoded per session.
 */
import { runPhp } from './php.js';
import type { PhpSessionTarget } from './php-session.js';

const PHP = `
class IsauthRawWriter extends SessionHandler {
  public string $raw = '';
  public function write(string $id, string $data): bool { return parent::write($id, $this->raw); }
}
$h = new IsauthRawWriter();
session_set_save_handler($h, false);
foreach (explode("\\n", trim(stream_get_contents(STDIN))) as $line) {
  [$id, $b64] = explode(' ', $line . ' ', 3);
  $h->raw = base64_decode($b64, true);
  session_id($id);
  if (!session_start()) { fwrite(STDERR, "session_start failed\\n"); exit(3); }
  $_SESSION = [];
  if (!session_write_close()) { fwrite(STDERR, "write failed\\n"); exit(4); }
}
`;

/** Write each [id, bytes] pair as a session, in one php run. */
export function phpWriteRawSessions(t: PhpSessionTarget, sessions: ReadonlyArray<readonly [string, Uint8Array]>): void {
  const input = sessions.map(([id, bytes]) => `${id} ${Buffer.from(bytes).toString('base64')}`).join('\n');
  runPhp(PHP, {
    input,
    ini: {
      'session.save_handler': t.handler,
      'session.save_path': `"${t.savePath}"`,
      'session.use_cookies': '0',
      'session.use_strict_mode': '0',
      'session.cache_limiter': '',
      'session.gc_probability': '0',
      'session.lazy_write': '0',
      'memcached.sess_locking': '0',
      ...t.ini,
    },
  });
}
