/**
 * Reading Laravel's `Illuminate\Encryption\Encrypter` payloads — the one piece shared by the
 * Laravel cookie codec (EncryptCookies) and the SESSION_ENCRYPT value codec.
 *
 * A payload is `base64(JSON {"iv","value","mac","tag"})` where `value` is base64 of the
 * ciphertext (openssl_encrypt with options 0) and `iv`/`tag` are base64 of raw bytes:
 * - CBC (AES-128/256-CBC, Laravel's default cipher): `mac` = hex HMAC-SHA256(key, iv . value)
 *   over the two base64 STRINGS as they appear in the JSON; `tag` is "" (or absent before
 *   Laravel 8). The MAC is compared in constant time BEFORE anything is decrypted; the IV is 16
 *   bytes; a non-empty `tag` with CBC is refused (Laravel: "Unable to use tag…").
 * - GCM (AES-128/256-GCM, Laravel ≥ 8.x with `cipher` config): `mac` is "", `tag` is the 16-byte
 *   GCM tag, the IV is 12 bytes; the plaintext is only used after the tag verified.
 * The payload itself says which mode it is (a non-empty `tag` means GCM); `modes` can restrict
 * that to what the application is configured with. AES-128 or AES-256 follows the key length
 * (16 or 32 bytes), as Laravel's `Encrypter::supported` requires.
 *
 * Keys are tried in order (key rotation; Laravel 11's APP_PREVIOUS_KEYS does the same). The
 * node:crypto KeyObject of each key is made once, at construction.
 *
 * Hostile input: the payload length is capped BEFORE base64/JSON parsing, base64 must be
 * canonical (standard alphabet, padded, as PHP's base64_encode writes it), every JSON field must
 * be a string of the right size, and nothing here throws for bad input: the result is a
 * `DecryptFailure` — 'malformed' (not an Encrypter payload) or 'signature' (well-formed but no
 * key's MAC/tag matches).
 */
import { createDecipheriv, createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import type { DecipherGCM, KeyObject } from 'node:crypto';
import { isCanonicalBase64 } from '../bytes/base64.js';
import { IsauthError } from '../errors.js';

export type LaravelMode = 'cbc' | 'gcm';
export type DecryptFailure = 'malformed' | 'signature';

export interface Decrypted {
  /** The decrypted bytes (for cookies: `<sha1 prefix>|<id>`; for sessions: `s:N:"…";`). */
  readonly plain: Buffer;
  /** Index in the key list of the key that authenticated the payload. */
  readonly keyIndex: number;
}

export interface LaravelDecrypter {
  /** The parsed keys, in order (the caller derives per-key values such as the cookie prefix). */
  readonly keys: readonly Buffer[];
  /** `payload` is the Encrypter output itself (already URL-decoded for a cookie). */
  decrypt(payload: string): Decrypted | DecryptFailure;
}

export interface LaravelDecrypterOptions {
  /** Longest payload (characters) looked at; longer is 'malformed' before any parsing. */
  readonly maxPayloadLength: number;
  /** Modes accepted (default both; Laravel accepts only its configured cipher's). */
  readonly modes?: readonly LaravelMode[];
}

const HEX64 = /^[0-9a-f]{64}$/;
const CBC_IV = 16;
const GCM_IV = 12;
const GCM_TAG = 16;

/**
 * An APP_KEY as written in .env → its raw bytes, or an error message (for the config layer).
 * `base64:<b64>` is decoded (Laravel's own rule, strict here); anything else is used as the raw
 * string's UTF-8 bytes. Laravel needs 32 bytes for AES-256 and 16 for AES-128.
 */
export function parseAppKey(s: string): Buffer | string {
  if (s === '') return 'the Laravel APP_KEY is empty';
  let key: Buffer;
  if (s.startsWith('base64:')) {
    const b64 = s.slice(7);
    if (!isCanonicalBase64(b64)) return 'a Laravel APP_KEY "base64:…" is not valid base64';
    key = Buffer.from(b64, 'base64');
  } else {
    key = Buffer.from(s, 'utf8');
  }
  if (key.length !== 32 && key.length !== 16) {
    return `a Laravel APP_KEY must be 32 bytes (AES-256) or 16 bytes (AES-128), this one has ${key.length}`;
  }
  return key;
}

/** Parse every key or throw CONFIG_INVALID naming the first bad one by position (never the key). */
export function parseAppKeys(keys: readonly (string | Uint8Array)[]): Buffer[] {
  if (keys.length === 0) throw new IsauthError('CONFIG_INVALID', 'at least one Laravel APP_KEY is needed');
  return keys.map((k, i) => {
    const parsed = typeof k === 'string' ? parseAppKey(k) : Buffer.from(k);
    if (typeof parsed === 'string') throw new IsauthError('CONFIG_INVALID', `Laravel key ${i + 1}: ${parsed}`);
    if (parsed.length !== 32 && parsed.length !== 16) {
      throw new IsauthError('CONFIG_INVALID', `Laravel key ${i + 1}: must be 16 or 32 bytes`);
    }
    return parsed;
  });
}

interface KeyState {
  readonly object: KeyObject;
  readonly bits: 128 | 256;
}

interface Payload {
  readonly iv: string;
  readonly value: string;
  readonly mac: string;
  readonly tag: string;
}

function parsePayload(payload: string, max: number): Payload | undefined {
  if (payload.length === 0 || payload.length > max || !isCanonicalBase64(payload)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64').toString('latin1'));
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const o = json as Record<string, unknown>;
  const { iv, value, mac } = o;
  const tag = o.tag ?? '';
  if (typeof iv !== 'string' || typeof value !== 'string' || typeof mac !== 'string' || typeof tag !== 'string') {
    return undefined;
  }
  return { iv, value, mac, tag };
}

/** Strictly decoded base64, or undefined. */
function b64(s: string): Buffer | undefined {
  return isCanonicalBase64(s) ? Buffer.from(s, 'base64') : undefined;
}

function decipher(alg: string, key: KeyObject, iv: Buffer, data: Buffer, tag?: Buffer): Buffer | undefined {
  try {
    const d = createDecipheriv(alg, key, iv);
    if (tag !== undefined) (d as DecipherGCM).setAuthTag(tag);
    return Buffer.concat([d.update(data), d.final()]);
  } catch {
    return undefined; // bad padding or tag
  }
}

export function laravelDecrypter(
  keys: readonly (string | Uint8Array)[],
  opts: LaravelDecrypterOptions,
): LaravelDecrypter {
  const raw = parseAppKeys(keys);
  const states: KeyState[] = raw.map((k) => ({ object: createSecretKey(k), bits: k.length === 32 ? 256 : 128 }));
  const modes = new Set<LaravelMode>(opts.modes ?? ['cbc', 'gcm']);
  const max = opts.maxPayloadLength;

  function cbc(p: Payload): Decrypted | DecryptFailure {
    if (!modes.has('cbc') || !HEX64.test(p.mac)) return 'malformed';
    const iv = b64(p.iv);
    const data = b64(p.value);
    if (iv?.length !== CBC_IV || data === undefined || data.length === 0 || data.length % 16 !== 0) return 'malformed';
    const given = Buffer.from(p.mac, 'latin1');
    for (let i = 0; i < states.length; i++) {
      const s = states[i]!;
      const mac = createHmac('sha256', s.object).update(p.iv, 'latin1').update(p.value, 'latin1').digest('hex');
      if (!timingSafeEqual(Buffer.from(mac, 'latin1'), given)) continue;
      const plain = decipher(`aes-${s.bits}-cbc`, s.object, iv, data);
      return plain === undefined ? 'malformed' : { plain, keyIndex: i };
    }
    return 'signature';
  }

  function gcm(p: Payload): Decrypted | DecryptFailure {
    if (!modes.has('gcm') || p.mac !== '') return 'malformed';
    const iv = b64(p.iv);
    const tag = b64(p.tag);
    const data = b64(p.value);
    if (iv?.length !== GCM_IV || tag?.length !== GCM_TAG || data === undefined) return 'malformed';
    for (let i = 0; i < states.length; i++) {
      const s = states[i]!;
      const plain = decipher(`aes-${s.bits}-gcm`, s.object, iv, data, tag);
      if (plain !== undefined) return { plain, keyIndex: i };
    }
    return 'signature';
  }

  return {
    keys: raw,
    decrypt(payload: string): Decrypted | DecryptFailure {
      const p = parsePayload(payload, max);
      if (p === undefined) return 'malformed';
      return p.tag === '' ? cbc(p) : gcm(p);
    },
  };
}
