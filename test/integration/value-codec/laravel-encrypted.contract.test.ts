/**
 * The ValueCodec contract for `laravelEncryptedCodec` (SESSION_ENCRYPT): payloads made by
 * Laravel's own Encrypter (`encrypt(serialize($attributes))`, serialize = true), AES-256-CBC and
 * AES-256-GCM. Oversized: an encryption of more than maxBytes, refused before decrypting.
 */
import { randomBytes } from 'node:crypto';
import { describe } from 'vitest';
import { laravelEncryptedCodec } from '../../../src/value-codec/laravel-encrypted.js';
import { VALUE_MAX, runValueCodecContract } from '../../contracts/value-codec.js';
import { haveLaravel, laravelEncrypt } from '../../harness/laravel.js';

describe.runIf(haveLaravel())('laravel encrypted sessions', () => {
  runValueCodecContract(
    'laravelEncryptedCodec',
    () => {
      const key = `base64:${randomBytes(32).toString('base64')}`;
      const plains = ['a:1:{s:6:"_token";s:40:"' + 'T'.repeat(40) + '";}', `a:1:{s:3:"pad";s:3000:"${'p'.repeat(3000)}";}`];
      const made = laravelEncrypt([
        ...plains.map((plain) => ({ key, cipher: 'AES-256-CBC' as const, plain, serialize: true })),
        ...plains.map((plain) => ({ key, cipher: 'AES-256-GCM' as const, plain, serialize: true })),
      ]);
      const [huge] = laravelEncrypt([{ key, cipher: 'AES-256-CBC', plain: 'x'.repeat(VALUE_MAX + 10), serialize: true }]);
      return {
        codec: laravelEncryptedCodec({ keys: [key], maxBytes: VALUE_MAX }),
        written: made.map((payload, i) => ({ bytes: Buffer.from(payload!), flags: 0, plain: Buffer.from(plains[i % 2]!), structured: true })),
        bombs: [{ name: 'an encryption of more than maxBytes', bytes: Buffer.from(huge!), flags: 0, codes: ['VALUE_TOO_LARGE'] }],
      };
    },
    { structured: true, bombs: true },
  );
});
