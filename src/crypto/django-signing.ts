/**
 * Verifies Django's signed strings the way `SessionBase.decode` and the signed_cookies backend read
 * them (django/core/signing.py `loads`, Django 3.1–4.x):
 *
 *     [.]b64url(payload) ":" b62(timestamp) ":" b64url(HMAC(key, everything before the last ":"))
 *
 * - key = H(salt + "signer" + secret) (Django's salted_hmac), HMAC with the same hash H: SHA-256
 *   since Django 3.1, and — only with `legacy` (`--django-legacy-signatures`), as Django 3.x still
 *   accepts and Django 4 no longer does — the legacy SHA-1 signature. The keys are
 *   derived once, here in the constructor, for every secret: SECRET_KEY first, then
 *   SECRET_KEY_FALLBACKS (Django 4.1+), tried in that order. The signature is compared in
 *   constant time (node:crypto timingSafeEqual on the base64url text, as Django compares text).
 * - A leading "." means the payload is zlib-compressed. It is inflated only AFTER the signature
 *   matched, with node:zlib's maxOutputLength = maxBytes: a bomb stops at maxBytes
 *   (VALUE_TOO_LARGE); a broken stream is VALUE_CORRUPT. Input longer than a maxBytes payload
 *   could need is DECODE_LENGTH before any HMAC is computed.
 * - `maxAgeSeconds`: a timestamp older than that gives `{ expired: true }` (a result, not an
 *   error: Django treats such a session as empty; the caller decides what to count).
 * - Django < 3.1 stored sessions as base64(hex SHA-1 salted_hmac(
 *   "django.contrib.sessions" + class name, json) ":" json) (`_legacy_decode`, still read by
 *   Django 3.2). It is read when the salt is a session store's
 *   ("django.contrib.sessions.<Class>") and `legacy` is true; it has no timestamp.
 * - Anything that matches no key → DecodeError DECODE_SIGNATURE; a malformed string → DECODE_SYNTAX.
 *
 * Nothing here logs; secrets and payloads never appear in error messages.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { isCanonicalBase64 } from '../bytes/base64.js';
import { inflateWithin } from '../bytes/inflate.js';
import { DecodeError } from '../errors.js';

export interface DjangoSignerOptions {
  /** SECRET_KEY, then the SECRET_KEY_FALLBACKS, in order (str is used as UTF-8, as Django's force_bytes). */
  readonly secretKeys: ReadonlyArray<string | Uint8Array>;
  readonly salt: string;
  /** Largest payload accepted, after decompression. */
  readonly maxBytes: number;
  readonly maxAgeSeconds?: number | undefined;
  /**
   * Also accept SHA-1 signatures and the pre-3.1 session format, as Django 3.x does
   * (`--django-legacy-signatures`). Default false, as Django 4: opt-in.
   */
  readonly legacy?: boolean | undefined;
  /** Current time in seconds (tests). */
  readonly now?: (() => number) | undefined;
}

/** What `verify()` found: expired, or good (a pre-3.1 value carries its payload, it has no other form). */
export type Verified =
  | { readonly expired: false; readonly timestamp: number | undefined; readonly legacyPayload?: Buffer }
  | { readonly expired: true; readonly timestamp: number };

export type Unsigned =
  | { readonly expired: false; readonly payload: Buffer; readonly timestamp: number | undefined }
  | { readonly expired: true; readonly timestamp: number };

const B64URL = /^[A-Za-z0-9_-]*$/;
const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** 62^8 seconds is millions of years: longer timestamps are not Django's. */
const MAX_TIMESTAMP_CHARS = 8;
const SESSION_SALT = /^django\.contrib\.sessions\.([A-Za-z_][A-Za-z0-9_]*)$/;

interface Key {
  readonly alg: 'sha256' | 'sha1';
  readonly key: Buffer;
  /** Length of the base64url signature this key produces. */
  readonly sigLength: number;
}

function syntax(offset: number, detail: string): never {
  throw new DecodeError('DECODE_SYNTAX', offset, detail);
}

/** Base64url without padding → bytes; the alphabet and length are checked (Node's decoder is lenient). */
function b64urlDecode(text: string, offset: number): Buffer {
  if (!B64URL.test(text) || text.length % 4 === 1) syntax(offset, 'bad base64url');
  return Buffer.from(text, 'base64url');
}

function b62Decode(text: string, offset: number): number {
  if (text.length === 0 || text.length > MAX_TIMESTAMP_CHARS) syntax(offset, 'bad timestamp');
  let v = 0;
  for (let k = 0; k < text.length; k++) {
    const d = B62.indexOf(text[k]!);
    if (d < 0) syntax(offset + k, 'bad timestamp');
    v = v * 62 + d;
  }
  return v;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'latin1');
  const y = Buffer.from(b, 'latin1');
  return x.length === y.length && timingSafeEqual(x, y);
}

export class DjangoSigner {
  private readonly keys: Key[] = [];
  private readonly legacyKeys: Buffer[] = [];
  private readonly maxText: number;
  private readonly maxBytes: number;
  private readonly maxAge: number | undefined;
  private readonly now: () => number;

  constructor(o: DjangoSignerOptions) {
    if (o.secretKeys.length === 0) throw new TypeError('djangoSigner: at least one secret key is needed');
    if (!(o.maxBytes > 0)) throw new TypeError('djangoSigner: maxBytes must be positive');
    const legacy = o.legacy === true;
    const legacyClass = legacy ? SESSION_SALT.exec(o.salt)?.[1] : undefined;
    for (const secret of o.secretKeys) {
      const s = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
      const derive = (alg: Key['alg'], keySalt: string): Buffer => createHash(alg).update(keySalt).update(s).digest();
      this.keys.push({ alg: 'sha256', key: derive('sha256', `${o.salt}signer`), sigLength: 43 });
      if (legacy) this.keys.push({ alg: 'sha1', key: derive('sha1', `${o.salt}signer`), sigLength: 27 });
      if (legacyClass !== undefined) this.legacyKeys.push(derive('sha1', `django.contrib.sessions${legacyClass}`));
    }
    this.maxBytes = Math.floor(o.maxBytes);
    this.maxText = Math.ceil((this.maxBytes * 4) / 3) + 64;
    this.maxAge = o.maxAgeSeconds;
    this.now = o.now ?? (() => Date.now() / 1000);
  }

  /** Verify `signed` (ASCII text or bytes); returns the payload (decompressed) or `{ expired: true }`. */
  unsign(signed: string | Uint8Array): Unsigned {
    const text = this.text(signed);
    const v = this.verify(text);
    if (v.expired) return v;
    return { expired: false, payload: v.legacyPayload ?? this.open(text), timestamp: v.timestamp };
  }

  /**
   * Check the signature (and the age) only — what the signed_cookies cookie codec needs before
   * anything else reads the value; `open()` then decodes the payload without checking again.
   */
  verify(signed: string | Uint8Array): Verified {
    const text = this.text(signed);
    const sigSep = text.lastIndexOf(':');
    if (sigSep < 0) return { expired: false, timestamp: undefined, legacyPayload: this.legacyDecode(text) };
    const value = text.slice(0, sigSep);
    const sig = text.slice(sigSep + 1);
    if (!this.keys.some((k) => k.sigLength === sig.length && sameText(sig, createHmac(k.alg, k.key).update(value, 'latin1').digest('base64url')))) {
      throw new DecodeError('DECODE_SIGNATURE', sigSep + 1, 'no configured key signed this value');
    }
    const tsSep = value.lastIndexOf(':');
    if (tsSep < 0) syntax(sigSep, 'no timestamp');
    const timestamp = b62Decode(value.slice(tsSep + 1), tsSep + 1);
    if (this.maxAge !== undefined && this.now() - timestamp > this.maxAge) return { expired: true, timestamp };
    return { expired: false, timestamp };
  }

  /**
   * The payload of a value `verify()` ACCEPTED (decompressed, bounded) — the signature is not
   * checked again here: call it only on the very value that was verified.
   */
  open(signed: string | Uint8Array): Buffer {
    return signedPayload(this.text(signed), this.maxBytes);
  }

  private text(signed: string | Uint8Array): string {
    const text = typeof signed === 'string' ? signed : Buffer.from(signed.buffer, signed.byteOffset, signed.length).toString('latin1');
    if (text.length > this.maxText) throw new DecodeError('DECODE_LENGTH', 0, 'signed value longer than maxBytes allows');
    return text;
  }

  /** Django < 3.1 sessions: base64(hex sha1 hmac ":" json) → the verified payload. */
  private legacyDecode(text: string): Buffer {
    if (this.legacyKeys.length === 0) throw new DecodeError('DECODE_SIGNATURE', 0, 'not a signed value');
    if (!isCanonicalBase64(text)) syntax(0, 'bad base64');
    const raw = Buffer.from(text, 'base64');
    const colon = raw.indexOf(0x3a);
    if (colon !== 40) throw new DecodeError('DECODE_SIGNATURE', 0, 'not a signed value');
    const hash = raw.toString('latin1', 0, 40);
    const payload = raw.subarray(41);
    if (!this.legacyKeys.some((k) => sameText(hash, createHmac('sha1', k).update(payload).digest('hex')))) {
      throw new DecodeError('DECODE_SIGNATURE', 0, 'no configured key signed this value');
    }
    return bounded(payload, this.maxBytes);
  }
}

function bounded(data: Buffer, maxBytes: number): Buffer {
  if (data.length > maxBytes) throw new DecodeError('VALUE_TOO_LARGE', 0, `payload over ${maxBytes} bytes`);
  return data;
}

function inflate(data: Buffer, maxBytes: number): Buffer {
  const out = inflateWithin(data, maxBytes);
  if (out === 'too-large') throw new DecodeError('VALUE_TOO_LARGE', 1, `decompresses to more than ${maxBytes} bytes`);
  if (out === 'corrupt') throw new DecodeError('VALUE_CORRUPT', 1, 'signed zlib data that does not inflate');
  return out;
}

/**
 * The payload of a signed value, decompressed (zlib, bounded by `maxBytes`) — WITHOUT checking
 * its signature: only for a value that was verified (`DjangoSigner.verify`) on this same request.
 */
export function signedPayload(text: string, maxBytes: number): Buffer {
  const tsSep = text.lastIndexOf(':', text.lastIndexOf(':') - 1);
  if (tsSep < 0) syntax(0, 'no timestamp');
  const compressed = text.charCodeAt(0) === 0x2e;
  const data = b64urlDecode(text.slice(compressed ? 1 : 0, tsSep), compressed ? 1 : 0);
  return compressed ? inflate(data, maxBytes) : bounded(data, maxBytes);
}

export function djangoSigner(o: DjangoSignerOptions): DjangoSigner {
  return new DjangoSigner(o);
}
