/**
 * The CookieCodec contract for `laravelCookieCodec`: cookies made by Laravel itself (a real request
 * through EncryptCookies, and its Encrypter with CookieValuePrefix for more ids), with
 * AES-256-CBC, AES-256-GCM, and a previous key still accepted; forged = made by Laravel with
 * another APP_KEY. What reaches the key stage: Laravel's 40-character id.
 */
import { randomBytes } from 'node:crypto';
import { describe } from 'vitest';
import { laravelCookieCodec } from '../../../src/cookie-codec/laravel.js';
import { runCookieCodecContract } from '../../contracts/cookie-codec.js';
import { haveLaravel, laravelEncrypt, laravelSession, type LaravelCipher } from '../../harness/laravel.js';
import { tempDir } from '../../harness/servers.js';

const NAME = 'laravel_session';
const key = (): string => `base64:${randomBytes(32).toString('base64')}`;
const ids = (n: number) => Array.from({ length: n }, () => randomBytes(30).toString('base64').replace(/[^A-Za-z0-9]/g, 'x').slice(0, 40));

function made(appKey: string, cipher: LaravelCipher): string[] {
  const session = laravelSession({ driver: 'file', appKey, cipher, loggedIn: false, filesDir: tempDir('laravel-codec') });
  const more = laravelEncrypt(ids(8).map((plain) => ({ key: appKey, cipher, plain, cookieName: NAME })));
  // EncryptCookies' Set-Cookie holds the payload URL-encoded (Symfony's Cookie: rawurlencode).
  return [session.cookieValue, ...more.map(encodeURIComponent)];
}

describe.runIf(haveLaravel())('laravel', () => {
  for (const cipher of ['AES-256-CBC', 'AES-256-GCM'] as const) {
    runCookieCodecContract(
      `laravelCookieCodec (${cipher})`,
      () => {
        const [current, previous, other] = [key(), key(), key()];
        const forged = laravelEncrypt(ids(3).map((plain) => ({ key: other, cipher, plain, cookieName: NAME }))).map(encodeURIComponent);
        return {
          codec: laravelCookieCodec({ keys: [current, previous], cookieName: NAME }),
          // Made with the current key, and with the previous one (APP_PREVIOUS_KEYS).
          valid: [...made(current, cipher), ...made(previous, cipher).slice(1)],
          forged,
          safe: (id) => /^[A-Za-z0-9]{40}$/.test(id),
        };
      },
      { signed: true, ages: false },
    );
  }
});
