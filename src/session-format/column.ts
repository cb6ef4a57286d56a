/**
 * A session that is ONE column of the session row, not a serialized payload: Laravel's
 * `sessions.user_id` (NULL for a visitor), Drupal's `sessions.uid` (0 for anonymous). The store
 * returns the column's text (empty for NULL, src/stores/sql/); this format makes it a session of
 * one variable named after the column, so the ordinary rules decide: `--auth user_id` (set and
 * not 0), `--auth uid` (Drupal: uid > 0 is truthy, 0 is not). Decimal integers become integers;
 * other text stays a string; empty → null.
 */
import { DecodeError } from '../errors.js';
import type { PhpSession } from '../php/types.js';
import type { SessionFormat } from './types.js';

const INT = /^-?(?:0|[1-9][0-9]{0,14})$/;

export function columnFormat(name: string): SessionFormat {
  return Object.freeze({
    decode(bytes: Uint8Array): PhpSession {
      if (bytes.length > 1024) throw new DecodeError('DECODE_LENGTH', 0, `${name}: a decision column of ${bytes.length} bytes`);
      const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
      const value = text === '' ? null : INT.test(text) ? Number(text) : text;
      return new Map([[name, value]]) as PhpSession;
    },
  });
}
