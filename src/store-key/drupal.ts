/**
 * Drupal 8+'s key for a session row: `sessions.sid` = `Crypt::hashBase64($sid)` — the raw SHA-256
 * of the session id, base64, `+/` → `-_`, `=` padding stripped (drupal/core
 * lib/Drupal/Component/Utility/Crypt.php `hashBase64`, used by lib/Drupal/Core/Session/
 * SessionHandler.php `read()`/`write()`). The cookie's id never reaches the database as such.
 * Placement is by key (there is no placement in SQL; `id` would be equally unused).
 */
import { createHash } from 'node:crypto';
import type { KeyScheme } from './types.js';

export function drupalHashBase64(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('base64url');
}

export const drupalKey: KeyScheme = Object.freeze({ key: drupalHashBase64, placeBy: 'key' as const });
