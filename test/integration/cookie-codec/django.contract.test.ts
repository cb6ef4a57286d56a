/**
 * The CookieCodec contract for Django's two cookies, made by Django itself:
 * - `djangoSessionKeyCodec`: session keys of the db backend, and more from Django's own key
 *   generator; what reaches the key stage: 8–64 of `[a-z0-9]`;
 * - `djangoSignedCookieCodec`: signed_cookies sessions (SHA-256, and Django 3.2's legacy SHA-1
 *   form), forged = signed with another SECRET_KEY, expired = read two weeks and a day later.
 */
import { describe } from 'vitest';
import { djangoSessionKeyCodec, djangoSignedCookieCodec } from '../../../src/cookie-codec/django.js';
import { runCookieCodecContract } from '../../contracts/cookie-codec.js';
import { djangoSession, haveDjango, runPython } from '../../harness/django.js';

const SECRET = 'django-cookie-contract';
const TWO_WEEKS = 14 * 24 * 3600;

describe.runIf(haveDjango())('django', () => {
  runCookieCodecContract(
    'djangoSessionKeyCodec',
    () => {
      const keys = JSON.parse(
        runPython(
          `import json\nfrom django.utils.crypto import get_random_string\nfrom django.contrib.sessions.backends.base import VALID_KEY_CHARS\n` +
            `print(json.dumps([get_random_string(32, VALID_KEY_CHARS) for _ in range(20)]))`,
        ).toString(),
      ) as string[];
      const row = djangoSession({ backend: 'db', loggedIn: true, secretKey: SECRET });
      return { codec: djangoSessionKeyCodec(), valid: [row.cookieValue, ...keys], safe: (k) => /^[a-z0-9]{8,64}$/.test(k) };
    },
    { signed: false, ages: false },
  );

  runCookieCodecContract(
    'djangoSignedCookieCodec',
    () => {
      const made = (o: { secretKey?: string; loggedIn?: boolean; hashing?: 'sha1' }) =>
        djangoSession({ backend: 'signed_cookies', loggedIn: o.loggedIn ?? true, secretKey: o.secretKey ?? SECRET, ...(o.hashing && { hashing: o.hashing }) }).cookieValue;
      const valid = [made({}), made({ loggedIn: false }), made({ hashing: 'sha1' })];
      // legacy: the contract covers the SHA-1 signatures too (accepted only with --django-legacy-signatures).
      const opts = { secretKeys: [SECRET], maxAgeSeconds: TWO_WEEKS, maxBytes: 1 << 20, legacy: true };
      return {
        codec: djangoSignedCookieCodec(opts),
        valid,
        forged: [made({ secretKey: 'another-secret' }), made({ secretKey: 'another-secret', hashing: 'sha1' })],
        expired: { codec: djangoSignedCookieCodec({ ...opts, now: () => Date.now() / 1000 + TWO_WEEKS + 86400 }), values: valid },
        // The cookie itself goes on (to the `cookie:` store): only Django's signing alphabet.
        safe: (v) => /^[A-Za-z0-9_\-:.]{1,4096}$/.test(v),
      };
    },
    { signed: true, ages: true },
  );
});
