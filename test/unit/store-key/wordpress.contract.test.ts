/**
 * The KeyScheme contract for `wordpressLoginKey`: the login of the cookie codec's
 * `login|expiration|token|hmac` reference, as WordPress looks the user up. The SQL store binds it
 * as a parameter (src/stores/sql/wordpress.ts): there is no key syntax to guard, so a hostile
 * login goes through as it is — and matches no user.
 */
import fc from 'fast-check';
import { describe } from 'vitest';
import { wordpressLoginKey } from '../../../src/store-key/wordpress.js';
import { runKeySchemeContract } from '../../contracts/key-scheme.js';

const ref = (login: string) => `${login}|1900000000|tok|${'0'.repeat(64)}`;

describe('wordpressLoginKey', () => {
  runKeySchemeContract('wordpressLoginKey', () => ({
    scheme: wordpressLoginKey,
    placeBy: 'key',
    written: [
      [ref('admin'), 'admin'],
      [ref("o\\'brien"), "o\\'brien"],
    ],
    ids: fc.string({ minLength: 1, maxLength: 60 }).filter((l) => !l.includes('|')).map(ref),
    guards: {},
    hostile: 'verbatim',
    around: ref,
  }));
});
