/**
 * The decoders' last line of defence: they recurse once per nesting level, and maxDepth is
 * capped so that this fits the stack. Should the stack still run out (a caller already deep
 * in its own recursion), the RangeError becomes a DecodeError instead of escaping.
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
