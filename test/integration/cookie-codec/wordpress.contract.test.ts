/**
 * The CookieCodec contract for `wordpressCookieCodec`: logged_in cookies made by the real
 * WordPress (wp_generate_auth_cookie for users with plain and awkward logins), URL-encoded as
 * PHP's setcookie() sends them; expired = WordPress's own cookies with an expiration in the past.
 * The codec checks the shape and the expiration; the HMAC and the session token are checked
 * against the user's row after the store (src/session-format/wordpress.ts), so changed values
 * are not the codec's to refuse (`signed: false`). What reaches the key stage: four `|`-separated
 * parts with a login WordPress could have issued.
 */
import { describe } from 'vitest';
import { wordpressCookieCodec, MAX_WORDPRESS_LOGIN } from '../../../src/cookie-codec/wordpress.js';
import { runCookieCodecContract } from '../../contracts/cookie-codec.js';
import { haveWordPress, startWordPress, type WordPressSite } from '../../harness/wordpress.js';

let site: WordPressSite | undefined;

async function cookies(expiresIn: number): Promise<string[]> {
  site ??= await startWordPress();
  const wp = site;
  const logins = ['ed', "o'brien", 'anne marie', 'x@example.test', 'zoë'];
  const ids: number[] = [];
  for (const l of logins) ids.push(await wp.createUser(`${l}${expiresIn > 0 ? '' : '-old'}`, 'pw-12345', 'subscriber'));
  return wp.php<string[]>(
    `$r = [];
     foreach ([${ids.join(',')}] as $id) {
       $t = WP_Session_Tokens::get_instance($id)->create(time() + 3600);
       $r[] = rawurlencode(wp_generate_auth_cookie($id, time() + (${expiresIn}), 'logged_in', $t));
     }
     return $r;`,
  );
}

describe.runIf(haveWordPress())('wordpress', () => {
  runCookieCodecContract(
    'wordpressCookieCodec',
    async () => {
      try {
        return {
          codec: wordpressCookieCodec(),
          valid: await cookies(3600),
          expired: { codec: wordpressCookieCodec(), values: await cookies(-10) },
          safe: (ref) => {
            const parts = ref.split('|');
            return parts.length === 4 && parts[0]!.length >= 1 && parts[0]!.length <= MAX_WORDPRESS_LOGIN && !/[\t\n\r\0]/.test(parts[0]!);
          },
        };
      } finally {
        await site?.stop();
      }
    },
    { signed: false, ages: true },
  );
});
