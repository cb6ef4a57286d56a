/**
 * Decoder options and their defaults.
 *
 * `maxDepth` bounds the nesting of arrays and objects; deeper input is rejected with
 * DECODE_DEPTH. Like PHP, a level is counted for every non-empty array and every object
 * (empty arrays do not count).
 *
 * Default and ceiling: 4096, PHP's own `unserialize_max_depth` default, so isauth accepts and
 * rejects exactly the nesting PHP does. The decoders are iterative (an explicit stack of the
 * containers under construction), so depth costs heap, not JS call stack, whatever the caller
 * already has on its stack.
 * Values outside 1..MAX_DEPTH_LIMIT are clamped; a non-number falls back to the default.
 * Should the JS stack still run out (a caller at its very limit), guard.ts turns that into DECODE_DEPTH.
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

export const DEFAULT_MAX_DEPTH = 4096;
export const MAX_DEPTH_LIMIT = 4096;

export function resolveMaxDepth(opts: DecodeOptions | undefined): number {
  const d = opts?.maxDepth;
  if (typeof d !== 'number' || Number.isNaN(d)) return DEFAULT_MAX_DEPTH;
  return Math.min(MAX_DEPTH_LIMIT, Math.max(1, Math.floor(d)));
}
