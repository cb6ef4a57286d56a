/**
 * The KeyScheme contract for `templateKey` (`?key=` for custom save handlers): the key a handler
 * storing under `myapp:sess:{id}:v2` uses, placed by the whole key as a userland client places it.
 */
import fc from 'fast-check';
import { describe } from 'vitest';
import { templateKey } from '../../../src/store-key/template.js';
import { isSafeMemcachedKey, isSafeRedisKey } from '../../../src/stores/key-safety.js';
import { runKeySchemeContract } from '../../contracts/key-scheme.js';

describe('templateKey', () => {
  runKeySchemeContract('templateKey', () => ({
    scheme: templateKey('myapp:sess:{id}:v2'),
    placeBy: 'key',
    written: [
      ['abc', 'myapp:sess:abc:v2'],
      ['0123456789abcdefghijklmnopqrstuv', 'myapp:sess:0123456789abcdefghijklmnopqrstuv:v2'],
    ],
    ids: fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789,-'.split('')), minLength: 1, maxLength: 200 }),
    guards: { memcached: isSafeMemcachedKey, redis: isSafeRedisKey },
    hostile: 'verbatim',
  }));
});
