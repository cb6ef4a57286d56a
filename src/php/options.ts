/**
 * Decoder options and their defaults.
 *
 * `maxDepth` bounds the nesting of arrays and objects; deeper input is rejected with
 * DECODE_DEPTH. Like PHP, a level is counted for every non-empty array and every object
 * (empty arrays do not count).
 *
 * Default and ceiling: 1024. PHP's own `unserialize_max_depth` is 4096, but the decoders
 * recurse once per level and on Node 20's default 984 KB main-thread stack they reach only
 * ~2500 nested objects / ~3200 nested arrays. 1024 keeps a 2.4× margin for whatever the
 * caller already has on the stack, and is far beyond any real session (frameworks nest a
 * few tens of levels). Sessions nested 1025..4096 deep — which PHP accepts — are rejected.
 * Values outside 1..MAX_DEPTH_LIMIT are clamped; a non-number falls back to the default.
 * Should the stack still run out, guard.ts turns that into DECODE_DEPTH.
 */
/**
 * Which top-level session variables to build: a `Set<string>` or anything with `has`, such as
 * a predicate over prefixes (`{ has: (k) => k.startsWith('login_web_') }`).
 */
export interface KeyFilter {
  has(key: string): boolean;
}

export interface DecodeOptions {
  maxDepth?: number;
}

export const DEFAULT_MAX_DEPTH = 1024;
export const MAX_DEPTH_LIMIT = 1024;

export function resolveMaxDepth(opts: DecodeOptions | undefined): number {
  const d = opts?.maxDepth;
  if (typeof d !== 'number' || Number.isNaN(d)) return DEFAULT_MAX_DEPTH;
  return Math.min(MAX_DEPTH_LIMIT, Math.max(1, Math.floor(d)));
}
