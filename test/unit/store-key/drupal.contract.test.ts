/**
 * The KeyScheme contract for `drupalKey`: `Crypt::hashBase64($sid)` as Drupal computes it
 * (core/lib/Drupal/Component/Utility/Crypt.php, run by PHP), any id hashed into a safe key.
 */
import fc from 'fast-check';
import { describe } from 'vitest';
import { drupalKey } from '../../../src/store-key/drupal.js';
import { isSafeSqlKey } from '../../../src/stores/sql/schema.js';
import { runKeySchemeContract } from '../../contracts/key-scheme.js';
import { havePhpExtensions, runPhp } from '../../harness/php.js';

describe.runIf(havePhpExtensions('hash'))('drupalKey', () => {
  runKeySchemeContract('drupalKey', () => {
    const ids = ['abc', 'SESSabcdef0123456789', 'x'.repeat(128)];
    // Drupal's Crypt::hashBase64, verbatim.
    const keys = JSON.parse(
      runPhp(
        `function hashBase64($data) { $hash = base64_encode(hash('sha256', $data, TRUE)); return str_replace(['+', '/', '='], ['-', '_', ''], $hash); }
         echo json_encode(array_map('hashBase64', json_decode(stream_get_contents(STDIN))));`,
        { input: JSON.stringify(ids) },
      ).toString(),
    ) as string[];
    return {
      scheme: drupalKey,
      placeBy: 'key',
      written: ids.map((id, i) => [id, keys[i]!] as const),
      ids: fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789,-'.split('')), minLength: 1, maxLength: 256 }),
      guards: { sql: isSafeSqlKey },
      hostile: 'hashed',
    };
  });
});
