/** Small builders for decoded PHP values in rule tests. */
import { PhpObject, type PhpKey, type PhpSession, type PhpValue } from '../../../src/php/types.js';

/** A PHP array from [key, value] pairs (keys kept exactly as given). */
export const arr = (...entries: [PhpKey, PhpValue][]): Map<PhpKey, PhpValue> => new Map(entries);

/** A PHP array from an object literal (string keys only). */
export const rec = (o: Record<string, PhpValue>): Map<PhpKey, PhpValue> => new Map(Object.entries(o));

/** A session from an object literal. */
export const sess = (o: Record<string, PhpValue> = {}): PhpSession => rec(o);

/** An object of class `cls` with raw (possibly mangled) property names. */
export const obj = (cls: string, props: Record<string, PhpValue>): PhpObject =>
  new PhpObject(cls, new Map(Object.entries(props)));
