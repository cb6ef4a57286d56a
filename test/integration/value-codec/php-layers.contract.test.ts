/**
 * The ValueCodec contract for the small layers, each with what PHP itself writes:
 * - `base64Codec`: base64_encode (Laravel's database driver), oversized refused by its length;
 * - `phpStringCodec`: serialize() of the payload string (Laravel's Redis store);
 * - `identityCodec`: the bytes as PHP's handlers store them, flags 0;
 * - `chainCodecs`: Laravel's Redis store with SESSION_ENCRYPT — serialize(Encrypter::encrypt(…)).
 */
import { randomBytes } from 'node:crypto';
import { describe } from 'vitest';
import { base64Codec } from '../../../src/value-codec/base64.js';
import { chainCodecs } from '../../../src/value-codec/chain.js';
import { identityCodec } from '../../../src/value-codec/identity.js';
import { laravelEncryptedCodec } from '../../../src/value-codec/laravel-encrypted.js';
import { phpStringCodec } from '../../../src/value-codec/php-string.js';
import { VALUE_MAX, runValueCodecContract } from '../../contracts/value-codec.js';
import { haveLaravel, laravelEncrypt } from '../../harness/laravel.js';
import { havePhpExtensions, runPhp } from '../../harness/php.js';

const SESSIONS = ['a:1:{s:4:"user";i:42;}', `a:1:{s:3:"pad";s:2000:"${'q'.repeat(2000)}";}`, 'a:0:{}'];

/** PHP's `fn` applied to each input string. */
function php(fn: string, inputs: readonly string[]): Buffer[] {
  const out = runPhp(`echo json_encode(array_map(fn($s) => base64_encode(${fn}($s)), json_decode(stream_get_contents(STDIN))));`, {
    input: JSON.stringify(inputs),
  });
  return (JSON.parse(out.toString()) as string[]).map((b) => Buffer.from(b, 'base64'));
}

describe.runIf(havePhpExtensions())('PHP layers', () => {
  runValueCodecContract(
    'base64Codec',
    () => {
      const written = php('base64_encode', SESSIONS).map((bytes, i) => ({ bytes, flags: 0, plain: Buffer.from(SESSIONS[i]!) }));
      const b = written[0]!.bytes;
      // base64 is not self-delimiting (a cut on a 4-character boundary is valid): corrupt = not base64 as PHP writes it.
      const corrupt = [Buffer.concat([b, Buffer.from('*')]), b.subarray(0, b.length - 1), Buffer.from(b.toString().replace(/=*$/, '') + '=')]
        .concat([Buffer.from(b.toString().replace(/[A-Z]/, '-'))])
        .map((bytes) => ({ bytes, flags: 0 }));
      return {
        codec: base64Codec({ maxBytes: VALUE_MAX }),
        written,
        corrupt,
        acceptsFlags: (f) => f === 0, // the next codec (identity) reads them
        bombs: [{ name: 'base64 of more than maxBytes', bytes: php('base64_encode', ['z'.repeat(VALUE_MAX + 3)])[0]!, flags: 0, codes: ['VALUE_TOO_LARGE'] }],
      };
    },
    { structured: true, bombs: true },
  );

  runValueCodecContract(
    'phpStringCodec',
    () => ({
      codec: phpStringCodec(),
      written: php('serialize', SESSIONS).map((bytes, i) => ({ bytes, flags: 0, plain: Buffer.from(SESSIONS[i]!), structured: true })),
    }),
    { structured: true, bombs: false },
  );

  runValueCodecContract(
    'identityCodec',
    () => ({
      codec: identityCodec(),
      written: SESSIONS.map((s) => ({ bytes: Buffer.from(s), flags: 0, plain: Buffer.from(s) })),
      acceptsFlags: (f) => f === 0,
    }),
    { structured: false, bombs: false },
  );
});

describe.runIf(havePhpExtensions() && haveLaravel())('chained layers', () => {
  runValueCodecContract(
    'chainCodecs',
    () => {
      const key = `base64:${randomBytes(32).toString('base64')}`;
      const payloads = laravelEncrypt(SESSIONS.map((plain) => ({ key, cipher: 'AES-256-CBC' as const, plain, serialize: true })));
      return {
        codec: chainCodecs(phpStringCodec(), laravelEncryptedCodec({ keys: [key], maxBytes: VALUE_MAX })),
        written: php('serialize', payloads).map((bytes, i) => ({ bytes, flags: 0, plain: Buffer.from(SESSIONS[i]!), structured: true })),
      };
    },
    { structured: true, bombs: false },
  );
});
