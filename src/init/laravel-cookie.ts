/**
 * The session cookie Laravel would send for a session id — for the live check, when the session
 * comes from the store's listing rather than a browser: EncryptCookies' value,
 * `CookieValuePrefix::create(name, key) . id`, encrypted by Illuminate\Encryption\Encrypter
 * (AES-CBC, `{"iv","value","mac","tag":""}`, base64 JSON; MAC = HMAC-SHA256(key, iv . value)),
 * then URL-encoded as in the Set-Cookie header. The check then decrypts it with the configured
 * keys like any browser's cookie.
 */
import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { parseAppKey } from '../crypto/laravel-encrypter.js';

export function laravelCookieFor(id: string, cookieName: string, appKey: string): string {
  const key = parseAppKey(appKey);
  if (typeof key === 'string') throw new TypeError(key);
  const plain = `${createHmac('sha1', key).update(`${cookieName}v2`).digest('hex')}|${id}`;
  const iv = randomBytes(16);
  const cipher = createCipheriv(key.length === 32 ? 'aes-256-cbc' : 'aes-128-cbc', key, iv);
  const value = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
  const ivText = iv.toString('base64');
  const mac = createHmac('sha256', key).update(ivText + value).digest('hex');
  return encodeURIComponent(Buffer.from(JSON.stringify({ iv: ivText, value, mac, tag: '' })).toString('base64'));
}
