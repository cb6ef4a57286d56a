/**
 * The CookieCodec contract for `phpIdCodec`: ids made by PHP's own session_create_id() with 4, 5
 * and 6 bits per character and lengths 22–256, sent back as PHP's Set-Cookie wrote them
 * (URL-encoded: `,` → `%2C`). What reaches the key stage: 1–256 characters of `[A-Za-z0-9,-]`.
 */
import { describe } from 'vitest';
import { phpIdCodec } from '../../../src/cookie-codec/php-id.js';
import { runCookieCodecContract } from '../../contracts/cookie-codec.js';
import { havePhpExtensions, runPhp } from '../../harness/php.js';

describe.runIf(havePhpExtensions('session'))('php-id', () => {
  runCookieCodecContract(
    'phpIdCodec',
    () => {
      const made = runPhp(
        `$r = [];
         foreach ([4, 5, 6] as $bits) foreach ([22, 32, 48, 128, 256] as $len) {
           ini_set('session.sid_bits_per_character', $bits); ini_set('session.sid_length', $len);
           $id = session_create_id(); $r[] = $id; $r[] = urlencode($id);
         }
         echo json_encode($r);`,
        { ini: { 'error_reporting': '0' } },
      );
      return { codec: phpIdCodec, valid: JSON.parse(made.toString()) as string[], safe: (id) => /^[A-Za-z0-9,-]{1,256}$/.test(id) };
    },
    { signed: false, ages: false },
  );
});
