/**
 * The KeyScheme contract (src/store-key/types.ts), for every scheme:
 * - the key is the one the real writer uses for that id (PHP's handlers, the frameworks' cache
 *   drivers, Drupal's Crypt::hashBase64…), with the placement the writer's client uses;
 * - a function of the id: the same id gives the same key, two ids two keys (no visitor can read
 *   another's session through the key);
 * - for every id the cookie codec in front accepts, the store's own key check accepts the key;
 * - a hostile id — one the codec refuses, should it ever get through — is NOT filtered here:
 *   `verbatim` schemes put it in the key as it is, and then every store's key check refuses that
 *   key (src/stores/key-safety.ts, sql/schema.ts); `hashed` schemes turn any id into a safe key.
 *
 * Each scheme's test file calls `runKeySchemeContract('<exported name>'…)`; the name is checked
 * against src/store-key/'s exports by test/contracts/registry.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KeyScheme } from '../../src/store-key/types.js';

export interface KeySchemeEnv {
  scheme: KeyScheme;
  placeBy: 'id' | 'key';
  /** [id, the key the real writer stored it under]. */
  written: ReadonlyArray<readonly [string, string]>;
  /** Ids the cookie codec in front of this scheme accepts. */
  ids: fc.Arbitrary<string>;
  /** The key checks of the stores this scheme is used with, by store kind. */
  guards: Readonly<Record<string, (key: string) => boolean>>;
  /** How hostile ids reach the key: as they are, or hashed. */
  hostile: 'verbatim' | 'hashed';
  /** The scheme's input around a hostile part (WordPress: the login of a `login|exp|token|hmac` reference). */
  around?: (part: string) => string;
}

/** Ids no cookie codec lets through, hostile to every medium: line breaks, NUL, control bytes, non-ASCII, huge. */
export const HOSTILE_IDS = ['x\r\nflush_all', 'x\nset', 'a\0b', 'a\tb', '\x7f', 'é', '\u{1F600}', 'x'.repeat(5000)];
/** …and those hostile to one medium (by the guard's store kind). */
const HOSTILE_FOR: Readonly<Record<string, readonly string[]>> = {
  files: ['../../etc/passwd', 'a/b', '/etc/passwd'],
  memcached: ['a b', 'a ', ' a'],
  sql: ["' OR '1'='1", 'a%', 'a;b', 'a"b', 'a b', 'a\\b'],
};

export function runKeySchemeContract(name: string, setup: () => KeySchemeEnv): void {
  let made: KeySchemeEnv | undefined;
  const env = (): KeySchemeEnv => (made ??= setup());
  describe(`${name}: KeyScheme contract`, () => {
    it('the key and placement of the real writer', () => {
      const e = env();
      expect(e.scheme.placeBy).toBe(e.placeBy);
      expect(e.written.length).toBeGreaterThan(0);
      for (const [id, key] of e.written) expect(e.scheme.key(id), id).toBe(key);
    });

    it('a function of the id: the same id, the same key; two ids, two keys', () => {
      const e = env();
      fc.assert(
        fc.property(e.ids, e.ids, (a, b) => {
          expect(e.scheme.key(a)).toBe(e.scheme.key(a));
          if (a !== b) expect(e.scheme.key(a)).not.toBe(e.scheme.key(b));
        }),
        { numRuns: 500 },
      );
    });

    it("every id the cookie codec accepts gives a key the stores' own checks accept", () => {
      const e = env();
      fc.assert(
        fc.property(e.ids, (id) => {
          const key = e.scheme.key(id);
          for (const [kind, ok] of Object.entries(e.guards)) expect(ok(key), `${kind}: ${JSON.stringify(key.slice(0, 60))}`).toBe(true);
        }),
        { numRuns: 500 },
      );
    });

    it('a hostile id is not filtered here: verbatim in the key (then refused by the stores\' checks), or hashed', () => {
      const e = env();
      const keyOf = (h: string) => e.scheme.key(e.around ? e.around(h) : h);
      for (const h of HOSTILE_IDS) {
        if (e.hostile === 'verbatim') expect(keyOf(h)).toContain(h);
        else expect(keyOf(h)).not.toContain(h);
      }
      for (const [kind, ok] of Object.entries(e.guards)) {
        for (const h of [...HOSTILE_IDS, ...(HOSTILE_FOR[kind] ?? [])]) {
          const key = keyOf(h);
          const why = `${kind}: ${JSON.stringify(key.slice(0, 60))}`;
          // Verbatim: the store's own check is what stops it. Hashed: any id gives a safe key.
          expect(ok(key), why).toBe(e.hostile === 'hashed');
        }
      }
    });
  });
}
