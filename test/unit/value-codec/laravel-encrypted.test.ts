/**
 * SESSION_ENCRYPT payloads made by Laravel's own Encrypter the way EncryptedStore::prepareForStorage
 * does (`encrypt(serialize($attributes))`, serialize = true) → back to serialize($attributes).
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { IsauthError } from '../../../src/errors.js';
import { decodeSession } from '../../../src/php/index.js';
import { laravelEncryptedCodec, maxPayloadFor } from '../../../src/value-codec/laravel-encrypted.js';
import { haveLaravel, laravelEncrypt } from '../../harness/laravel.js';
import type { LaravelCipher } from '../../harness/laravel.js';

const key32 = (): string => `base64:${randomBytes(32).toString('base64')}`;
const key16 = (): string => `base64:${randomBytes(16).toString('base64')}`;
const ATTRS = 'a:2:{s:6:"_token";s:40:"0123456789012345678901234567890123456789";s:50:"login_web_59ba36addc2b2f9401580f014c7f58ea4e30989d";i:42;}';

function code(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(IsauthError);
    return (e as IsauthError).code;
  }
}

describe.runIf(haveLaravel())('laravelEncryptedCodec with payloads from Laravel 8', () => {
  const keys = { cbc256: key32(), cbc128: key16(), gcm256: key32(), gcm128: key16() };
  const ciphers: [keyof typeof keys, LaravelCipher][] = [
    ['cbc256', 'AES-256-CBC'], ['cbc128', 'AES-128-CBC'], ['gcm256', 'AES-256-GCM'], ['gcm128', 'AES-128-GCM'],
  ];
  const big = `a:1:{s:4:"blob";s:20000:"${'é'.repeat(10_000)}";}`;
  let stored: Record<string, string> = {};
  let extra: { big: string; unserialized: string; array: string } = { big: '', unserialized: '', array: '' };

  beforeAll(() => {
    const out = laravelEncrypt([
      ...ciphers.map(([k, cipher]) => ({ key: keys[k], cipher, plain: ATTRS, serialize: true })),
      { key: keys.cbc256, cipher: 'AES-256-CBC', plain: big, serialize: true },
      { key: keys.cbc256, cipher: 'AES-256-CBC', plain: ATTRS, serialize: false },
      { key: keys.cbc256, cipher: 'AES-256-CBC', plain: 'a:0:{}', serialize: false },
    ]);
    stored = Object.fromEntries(ciphers.map(([k], i) => [k, out[i]!]));
    extra = { big: out[4]!, unserialized: out[5]!, array: out[6]! };
  });

  it.each(ciphers)('%s: decrypts to serialize($attributes), which php_serialize decodes', (k) => {
    const codec = laravelEncryptedCodec({ keys: [keys[k]], maxBytes: 65536 });
    const out = codec.decode(Buffer.from(stored[k]!, 'latin1'), 0);
    expect(Buffer.from(out).toString('latin1')).toBe(ATTRS);
    expect(decodeSession(out, 'php_serialize').get('login_web_59ba36addc2b2f9401580f014c7f58ea4e30989d')).toBe(42);
  });

  it('tries keys in order; unknown keys, tampering and garbage are VALUE_CORRUPT', () => {
    const rotated = laravelEncryptedCodec({ keys: [key32(), keys.cbc256], maxBytes: 65536 });
    expect(Buffer.from(rotated.decode(Buffer.from(stored.cbc256!), 0)).toString('latin1')).toBe(ATTRS);
    const wrong = laravelEncryptedCodec({ keys: [key32(), key16()], maxBytes: 65536 });
    for (const k of Object.keys(stored)) expect(code(() => wrong.decode(Buffer.from(stored[k]!), 0)), k).toBe('VALUE_CORRUPT');
    const codec = laravelEncryptedCodec({ keys: [keys.gcm256], maxBytes: 65536 });
    const p = JSON.parse(Buffer.from(stored.gcm256!, 'base64').toString()) as Record<string, string>;
    const tag = Buffer.from(p.tag!, 'base64');
    tag[0]! ^= 1;
    const tampered = { ...p, tag: tag.toString('base64') };
    const pack = (o: unknown): Buffer => Buffer.from(Buffer.from(JSON.stringify(o)).toString('base64'));
    expect(code(() => codec.decode(pack(tampered), 0))).toBe('VALUE_CORRUPT');
    for (const g of ['', 'a:1:{}', 'eyJ', '!!!!', pack({ iv: 1 }).toString()]) {
      expect(code(() => codec.decode(Buffer.from(g), 0)), g).toBe('VALUE_CORRUPT');
    }
  });

  it('refuses a plaintext that is not one serialized string (encrypted without serialize)', () => {
    const codec = laravelEncryptedCodec({ keys: [keys.cbc256], maxBytes: 65536 });
    expect(code(() => codec.decode(Buffer.from(extra.unserialized), 0))).toBe('VALUE_CORRUPT');
    expect(code(() => codec.decode(Buffer.from(extra.array), 0))).toBe('VALUE_CORRUPT');
  });

  it('enforces maxBytes before parsing (payload length) and after decrypting', () => {
    const small = laravelEncryptedCodec({ keys: [keys.cbc256], maxBytes: 1000 });
    expect(code(() => small.decode(Buffer.from(extra.big), 0))).toBe('VALUE_TOO_LARGE');
    expect(code(() => small.decode(Buffer.alloc(maxPayloadFor(1100) + 1, 0x41), 0))).toBe('VALUE_TOO_LARGE');
    const justUnder = laravelEncryptedCodec({ keys: [keys.cbc256], maxBytes: Buffer.byteLength(big) - 1 });
    expect(code(() => justUnder.decode(Buffer.from(extra.big), 0))).toBe('VALUE_TOO_LARGE');
    const enough = laravelEncryptedCodec({ keys: [keys.cbc256], maxBytes: Buffer.byteLength(big) });
    expect(Buffer.from(enough.decode(Buffer.from(extra.big), 0))).toEqual(Buffer.from(big));
  });
});

describe('laravelEncryptedCodec on arbitrary bytes (fast-check)', () => {
  it('throws only VALUE_CORRUPT / VALUE_TOO_LARGE', () => {
    const codec = laravelEncryptedCodec({ keys: [key32()], maxBytes: 256 });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 1200 }), fc.base64String({ maxLength: 1200 }).map((s) => Buffer.from(s))), (bytes) => {
        const c = code(() => codec.decode(bytes, 0));
        return c === 'VALUE_CORRUPT' || c === 'VALUE_TOO_LARGE';
      }),
      { numRuns: 1000 },
    );
  });
});
