/**
 * fast-check mutations of a real value, the changes an attacker or a broken client makes: one
 * character replaced, inserted or deleted, a character percent-encoded (harmless where the codec
 * URL-decodes), truncated, extended, a slice doubled, two parts swapped, the case of a
 * character flipped.
 */
import fc from 'fast-check';

const CHARS = fc.oneof(
  fc.constantFrom(...'aAzZ09+/=%|:._-,;"\'\\ \t\r\n\0<>&'.split('')),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
);

/** One change of `v`. */
function change(v: string): fc.Arbitrary<string> {
  const at = fc.nat({ max: Math.max(0, v.length - 1) });
  const pct = (c: string) => [...Buffer.from(c)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  return fc.oneof(
    fc.tuple(at, CHARS).map(([i, c]) => v.slice(0, i) + c + v.slice(i + 1)),
    fc.tuple(at, CHARS).map(([i, c]) => v.slice(0, i) + c + v.slice(i)),
    at.map((i) => v.slice(0, i) + v.slice(i + 1)),
    at.map((i) => v.slice(0, i) + pct(v[i] ?? '') + v.slice(i + 1)),
    at.map((i) => v.slice(0, i)),
    fc.string({ maxLength: 40 }).map((s) => v + s),
    fc.tuple(at, at).map(([i, j]) => v.slice(0, Math.min(i, j)) + v.slice(Math.min(i, j), Math.max(i, j)).repeat(2) + v.slice(Math.max(i, j))),
    fc.tuple(at, at).map(([i, j]) => v.slice(Math.max(i, j)) + v.slice(Math.min(i, j), Math.max(i, j)) + v.slice(0, Math.min(i, j))),
    at.map((i) => {
      const c = v[i] ?? '';
      const f = c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase();
      return v.slice(0, i) + f + v.slice(i + 1);
    }),
  );
}

/** One to three changes, each applied to the result of the previous. */
export function mutations(v: string): fc.Arbitrary<string> {
  return fc.oneof(change(v), change(v).chain(change), change(v).chain(change).chain(change));
}
