/**
 * FastLZ decompression (levels 1 and 2), the block format of libfastlz 0.1 that php-memcached
 * bundles (fastlz/fastlz.c, `fastlz_decompress`) and uses for `Memcached::COMPRESSION_FASTLZ`, its
 * default. There is no maintained npm package for it (`npm view fastlz` answers 404), hence this.
 *
 * Format: the top 3 bits of the first byte give the level (0 → level 1, 1 → level 2); its low 5
 * bits start the first instruction, always a literal run. Each instruction's control byte `c`:
 * - `c < 32`: copy the next `c + 1` bytes.
 * - else a match: length `(c >> 5) + 2`; when `c >> 5 == 7` the length grows by the next byte
 *   (level 1) or by a run of bytes while they are 255, plus the first one that is not (level 2).
 *   Distance = `((c & 31) << 8) + next byte + 1`; at level 2 a next byte of 255 with `c & 31 == 31`
 *   means a 16-bit big-endian distance follows, and the distance is that + 8192.
 * The stream ends when the input does (after any whole instruction).
 *
 * Safety, stricter than the C code: every input read is bounds-checked (the C reads past the
 * input on a truncated level-2 match), a match may not reach before the output's start, and no
 * byte is ever written past `out.length`: an instruction that would is refused before it runs.
 */
import { IsauthError } from '../errors.js';

const MAX_L2_NEAR_DISTANCE = 8191;

function corrupt(detail: string): never {
  throw new IsauthError('VALUE_CORRUPT', `fastlz: ${detail}`);
}

function tooLarge(limit: number): never {
  throw new IsauthError('VALUE_TOO_LARGE', `fastlz: the data decompresses to more than ${limit} bytes`);
}

/**
 * Decompress `input` into `out`, writing at most `out.length` bytes; returns how many were
 * written. Throws IsauthError: VALUE_TOO_LARGE when the data would produce more than
 * `out.length` bytes (nothing past it is written), VALUE_CORRUPT when the input is malformed
 * (empty, unknown level, truncated, or a match before the output's start).
 */
export function fastlzDecompress(input: Uint8Array, out: Uint8Array): number {
  const end = input.length;
  if (end === 0) corrupt('empty input');
  const level = (input[0]! >> 5) + 1;
  if (level !== 1 && level !== 2) corrupt(`unknown level ${level}`);
  const limit = out.length;
  let ip = 1;
  let op = 0;
  let ctrl = input[0]! & 31;

  for (;;) {
    if (ctrl < 32) {
      const run = ctrl + 1;
      if (ip + run > end) corrupt(`literal run past the end of the input at byte ${ip}`);
      if (op + run > limit) tooLarge(limit);
      out.set(input.subarray(ip, ip + run), op);
      ip += run;
      op += run;
    } else {
      let len = (ctrl >> 5) - 1;
      let distance = (ctrl & 31) << 8;
      if (ip >= end) corrupt('match truncated');
      if (len === 6) {
        if (level === 1) {
          len += input[ip++]!;
        } else {
          let code: number;
          do {
            if (ip >= end) corrupt('match length truncated');
            code = input[ip++]!;
            len += code;
          } while (code === 255);
        }
        if (ip >= end) corrupt('match distance truncated');
      }
      const code = input[ip++]!;
      if (level === 2 && code === 255 && distance === 31 << 8) {
        if (ip + 2 > end) corrupt('far match distance truncated');
        distance = ((input[ip]! << 8) | input[ip + 1]!) + MAX_L2_NEAR_DISTANCE + 1;
        ip += 2;
      } else {
        distance += code + 1;
      }
      const count = len + 3;
      if (distance > op) corrupt(`match reaches ${distance - op} bytes before the output's start`);
      if (op + count > limit) tooLarge(limit);
      let ref = op - distance;
      if (distance >= count) {
        out.copyWithin(op, ref, ref + count);
        op += count;
      } else {
        // Overlapping: byte by byte, each copy may read what the previous one wrote (a run).
        for (let i = 0; i < count; i++) out[op++] = out[ref++]!;
      }
    }
    if (ip >= end) return op;
    ctrl = input[ip++]!;
  }
}
