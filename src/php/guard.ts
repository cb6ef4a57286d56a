/**
 * The decoders' last line of defence: they are iterative (nesting lives on a heap stack), so
 * only a caller already at the very end of the JS stack can make them overflow; the
 * RangeError then becomes a DecodeError instead of escaping.
 */
import { DecodeError } from '../errors.js';

export function guardStack<T>(run: () => T, offset: () => number): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      throw new DecodeError('DECODE_DEPTH', offset(), 'nesting too deep for the JS stack');
    }
    throw e;
  }
}
