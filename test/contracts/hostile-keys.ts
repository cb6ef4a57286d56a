/**
 * Keys no key scheme builds from a validated id, built AROUND a real key `k` so that a store
 * which passed them on unchecked would find `k`'s session or disturb the medium: a memcached
 * text-protocol line split by CR/LF, a C string cut at NUL, a key past every medium's length limit,
 * characters outside ASCII (which a latin1 or UTF-8 conversion would change). Each store kind adds
 * what its own medium could misread (a `/` in a file name, a space in a memcached key…).
 */

/** A store key and what placement hashes (src/store-key/types.ts). */
export interface Located {
  readonly key: string;
  readonly placeBy: string;
}

/** `keyLimit`: also a key longer than any medium's limit (not for the cookie store, whose key is its value). */
export function hostileKeys(k: Located, keyLimit = true): Located[] {
  const around = (key: string): Located => ({ key, placeBy: key });
  return [
    around(''),
    around(`${k.key}\r\nflush_all`),
    around(`${k.key}\r\n`),
    around(`${k.key}\n`),
    around(`${k.key}\r`),
    around(`${k.key}\0`),
    around(`${k.key}\0${k.key}`),
    around(`${k.key}\t`),
    around(`${k.key}\x7f`),
    around(`${k.key}\x1b`),
    around(`${k.key}é`),
    around(`${k.key}\u2028`),
    around(`${k.key}\u{1F600}`),
    around(`${k.key}\ud800`),
    ...(keyLimit ? [around(`${k.key}${'x'.repeat(4100)}`)] : []),
  ];
}
