/**
 * The SessionFormat contract for Django's formats, written by Django itself: `djangoSignedFormat`
 * (SessionStore.encode: signed, compressed JSON, as the db and file backends store it),
 * `djangoSignedCookieFormat` (the signed_cookies cookie, signing.dumps with its salt) and
 * `djangoPickleFormat` (pickle.dumps, protocols 3–5, as the cache backends store sessions).
 */
import fc from 'fast-check';
import { describe } from 'vitest';
import { djangoPickleFormat, djangoSignedCookieFormat, djangoSignedFormat } from '../../../src/session-format/django/index.js';
import type { SessionFormat } from '../../../src/session-format/types.js';
import { runSessionFormatContract, type SessionFormatEnv } from '../../contracts/session-format.js';
import { modelOf, sessionSamples, type KeyModel, type Sample, type SampleOptions } from '../../contracts/session-sample.js';
import { djangoEncode, type DjangoWriter } from '../../contracts/writers.js';
import { haveDjango } from '../../harness/django.js';

const SEED = Number(process.env.ISAUTH_FUZZ_SEED ?? 20261206);
const SECRET = 'django-format-contract';

function env(format: SessionFormat, writer: DjangoWriter, o: SampleOptions, km: KeyModel): SessionFormatEnv {
  const s: Sample[] = [[], ...fc.sample(sessionSamples(o), { numRuns: 80, seed: SEED })]; // an empty session first
  const bytes = djangoEncode(writer, s, SECRET);
  return { format, written: s.map((x, i) => ({ bytes: bytes[i]!, ref: 'ref', session: modelOf(x, km) })) };
}

const JSON_SAFE: SampleOptions = { binary: false, nonFinite: false };

describe.runIf(haveDjango())('Django session formats', () => {
  runSessionFormatContract('djangoSignedFormat', () => env(djangoSignedFormat({ secretKeys: [SECRET] }), 'db', JSON_SAFE, 'python-json'));
  runSessionFormatContract('djangoSignedCookieFormat', () => env(djangoSignedCookieFormat(), 'signed_cookies', JSON_SAFE, 'python-json'));
  runSessionFormatContract('djangoPickleFormat', () => env(djangoPickleFormat(), 'pickle', { binary: true, nonFinite: true }, 'python'));
});
