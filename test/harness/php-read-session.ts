/** What real PHP reads for a session through its handler (session_encode() after session_start()). */
import { runPhp } from './php.js';
import { iniFor, type PhpSessionTarget } from './php-session.js';

export function phpReadSessions(t: PhpSessionTarget, ids: readonly string[]): Array<string | false> {
  const ini: Record<string, string> = { ...iniFor(t), error_reporting: '0', display_errors: '0' };
  const code =
    `$out = []; foreach (json_decode(${JSON.stringify(JSON.stringify(ids))}) as $id) {` +
    ` session_id($id); @session_start(); $out[] = session_encode(); @session_abort(); }` +
    ` echo json_encode($out);`;
  return JSON.parse(runPhp(code, { ini }).toString()) as Array<string | false>;
}
