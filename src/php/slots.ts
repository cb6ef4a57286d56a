/**
 * Back-reference slots, shared by the serialize and igbinary readers.
 *
 * Both formats number values as they are read, and a back-reference names a number. A reader
 * that *skips* a value (validates and numbers it without building it, see session.ts) leaves a
 * marker in its slot; a built value whose reference lands on a marker cannot be answered from
 * this pass, so the reader throws NeedsFullDecode and the caller decodes again without skipping.
 */
import type { PhpValue } from './types.js';

/** The slot of a skipped object (`r:` may point to it). */
export const SKIPPED_OBJECT: unique symbol = Symbol('skipped object');
/** The slot of any other skipped value. */
export const SKIPPED_VALUE: unique symbol = Symbol('skipped value');
export type Slot = PhpValue | typeof SKIPPED_OBJECT | typeof SKIPPED_VALUE;

/** Internal signal: a back-reference needs a value that was skipped. Never escapes the API. */
export class NeedsFullDecode {}

/** Internal signal: a back-reference met a reader that does not record slots. Never escapes. */
export class NeedsSlots {}

/** What a back-reference to `target` yields: the value when building, null when skipping. */
export function resolveSlot(target: Slot, build: boolean): PhpValue {
  if (typeof target === 'symbol') {
    if (build) throw new NeedsFullDecode();
    return null;
  }
  return build ? target : null;
}
