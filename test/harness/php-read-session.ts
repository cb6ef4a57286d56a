/** What real PHP reads for a session through its handler (session_encode() after session_start()). */
import { runPhp } from './php.js';
import type { PhpSessionTarget } from './php-session.js';

export function phpReadSessions(t: PhpSessionTarget, ids: readonly string[]): Array<string | false> {
  const ini: Record<string, string> = {
    'session.save_handler': t.handler,
    'session.save_path': `"${t.savePath}"`,
    'session.serialize_handler': t.serializer ?? 'php',
    'session.use_cookies': '0',
    'session.use_strict_mode': '0',
    'session.cache_limiter': '',
    'session.gc_probability': '0',
    'memcached.sess_locking': '0',
    'error_reporting': '0',
    'display_errors': '0',
    ...t.ini,
  };
  const code =
    `$out = []; foreach (json_decode(${JSON.stringify(JSON.stringify(ids))}) as $id) {` +
    ` session_id($id); @session_start(); $out[] = session_encode(); @session_abort(); }` +
    ` echo json_encode($out);`;
  return JSON.parse(runPhp(code, { ini }).toString()) as Array<string | false>;
}
