/**
 * The SessionFormat contract for PHP's formats, written by PHP itself: `phpFormat` and
 * `serializerFormat` (session_encode with php, php_binary, php_serialize and igbinary; random
 * sessions with binary strings, int64, NaN/±INF/-0.0, nested arrays with int and string keys) and
 * `jsonFormat` (json_encode, as a custom save handler shares sessions with another language).
 */
import fc from 'fast-check';
import { describe } from 'vitest';
import { DEFAULT_MAX_DEPTH } from '../../../src/php/options.js';
import type { SerializerName } from '../../../src/php/types.js';
import { serializerFormat } from '../../../src/session-format/index.js';
import { jsonFormat } from '../../../src/session-format/json.js';
import { phpFormat } from '../../../src/session-format/php.js';
import type { SessionFormat } from '../../../src/session-format/types.js';
import { runSessionFormatContract, type SessionFormatEnv } from '../../contracts/session-format.js';
import { modelOf, sessionSamples, type KeyModel, type Sample, type SampleOptions } from '../../contracts/session-sample.js';
import { phpJsonEncode, phpSessionEncode } from '../../contracts/writers.js';
import { havePhpExtensions } from '../../harness/php.js';

const SEED = Number(process.env.ISAUTH_FUZZ_SEED ?? 20261206);
const ALL = { has: () => true };
/** An empty session first (what a fresh visitor has), then random ones. */
const samples = (o: SampleOptions): Sample[] => [[], ...fc.sample(sessionSamples(o), { numRuns: 80, seed: SEED })];

function env(format: SessionFormat, encode: (s: Sample[]) => Buffer[], o: SampleOptions, km: KeyModel): SessionFormatEnv {
  const s = samples(o);
  const bytes = encode(s);
  return { format, written: s.map((x, i) => ({ bytes: bytes[i]!, ref: 'ref', session: modelOf(x, km) })) };
}

const PHP: SampleOptions = { binary: true, nonFinite: true };
const JSON_SAFE: SampleOptions = { binary: false, nonFinite: false };

describe.runIf(havePhpExtensions('session', 'igbinary'))('PHP session formats', () => {
  for (const serializer of ['php', 'php_binary', 'php_serialize', 'igbinary'] as const satisfies readonly SerializerName[]) {
    runSessionFormatContract(`phpFormat (${serializer})`, () =>
      env(phpFormat(serializer, { maxDepth: DEFAULT_MAX_DEPTH, wanted: ALL }), (s) => phpSessionEncode(serializer, s), PHP, 'php'),
    );
    runSessionFormatContract(`serializerFormat (${serializer})`, () =>
      env(serializerFormat(serializer, DEFAULT_MAX_DEPTH, ALL), (s) => phpSessionEncode(serializer, s), PHP, 'php'),
    );
  }
  runSessionFormatContract('serializerFormat (json)', () => env(serializerFormat('json', DEFAULT_MAX_DEPTH, ALL), phpJsonEncode, JSON_SAFE, 'php-json'));
  runSessionFormatContract('jsonFormat', () => env(jsonFormat(), phpJsonEncode, JSON_SAFE, 'php-json'));
});
