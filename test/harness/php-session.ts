/**
 * Real PHP writes sessions through its real session handlers (files, memcached, redis), exactly
 * as a PHP site would: session_id(); session_start(); <code>; session_write_close().
 */
import { runPhp } from './php.js';

export interface PhpSessionTarget {
  /** session.save_handler: files | memcached | redis */
  handler: 'files' | 'memcached' | 'redis' | 'memcache' | 'rediscluster';
  /** session.save_path, unquoted (quoting for -d is done here). */
  savePath: string;
  serializer?: 'php' | 'php_binary' | 'php_serialize' | 'igbinary';
  /** extra ini settings, e.g. memcached.sess_prefix */
  ini?: Record<string, string>;
}

/** The ini settings real PHP writes and reads a target's sessions with. */
export function iniFor(t: PhpSessionTarget): Record<string, string> {
  return {
    'session.save_handler': t.handler,
    'session.save_path': `"${t.savePath}"`,
    'session.serialize_handler': t.serializer ?? 'php',
    'session.use_cookies': '0',
    'session.use_strict_mode': '0',
    'session.cache_limiter': '',
    'session.gc_probability': '0',
    'memcached.sess_locking': '0',
    ...t.ini,
  };
}

/**
 * Run PHP `code` inside a started session with id `id` (e.g. `$_SESSION['user'] = 42;`), then
 * write and close it. Several sessions at once: pass an array of [id, code] pairs (one php run).
 */
export function phpWriteSessions(t: PhpSessionTarget, sessions: ReadonlyArray<readonly [string, string]>): void {
  const body = sessions
    .map(
      ([id, code]) =>
        `session_id(${JSON.stringify(id)}); if (!session_start()) { fwrite(STDERR, "session_start failed\\n"); exit(3); }\n` +
        `$_SESSION = []; ${code}\nif (!session_write_close()) { fwrite(STDERR, "write failed\\n"); exit(4); }\n`,
    )
    .join('');
  runPhp(body, { ini: iniFor(t) });
}

export function phpWriteSession(t: PhpSessionTarget, id: string, code: string): void {
  phpWriteSessions(t, [[id, code]]);
}

/** Delete a session the way an application's logout does (session_destroy). */
export function phpDestroySession(t: PhpSessionTarget, id: string): void {
  runPhp(`session_id(${JSON.stringify(id)}); session_start(); session_destroy();`, { ini: iniFor(t) });
}

/** A fresh random session id in PHP's default form (32 chars of [0-9a-v]). */
export function newSessionId(): string {
  const chars = '0123456789abcdefghijklmnopqrstuv';
  let s = '';
  for (let i = 0; i < 32; i++) s += chars[Math.floor(Math.random() * 32)];
  return s;
}
