import type { KeyScheme } from './types.js';

/**
 * WordPress: the store key is the login — the first of the four `|`-separated parts of the
 * validated logged_in cookie (src/cookie-codec/wordpress.ts). The SQL store binds it as the one
 * parameter of its statement (src/stores/sql/wordpress.ts).
 */
export const wordpressLoginKey: KeyScheme = Object.freeze({
  key: (ref: string) => ref.slice(0, Math.max(0, ref.indexOf('|'))),
  placeBy: 'key' as const,
});
