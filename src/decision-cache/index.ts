/**
 * The decision cache: a decision remembered under the EXACT identity of the stored bytes it was
 * made from, so that an unchanged session is not read and decoded again. It sits between the
 * store and the rules (the runner, src/pipeline/runner.ts, asks it): on each request the store
 * tells the value's identity now (`SessionStore.identify`: the files store's one lstat — dev,
 * inode, size, mtime and ctime in ns), and the cached decision is answered only when that equals
 * the identity the decision was made for. Anything else — no entry, another identity, no identity
 * (absent, expired, a symlink, a network filesystem) — reads the store the full way.
 *
 * Exactness comes first:
 * - Only the store decides what an identity proves, and it hands one out only for reads that may
 *   be cached (the files store: a settled read of a file whose ctime was safely in the past when
 *   the read began, so any later write carries another ctime — src/stores/files-settle.ts).
 * - The entry is keyed by everything else the decision depends on: the store key, and the
 *   validated reference the value codec and the format receive (a different reference for the
 *   same key is a miss). The stages (rules, format, codecs) are fixed for the process; a stage
 *   whose result may change with the clock (`clockDependent`) turns the cache off.
 * - Only decisions proper are cached (a variant by the rules), never a failure or a rejection.
 *
 * Bounded: at most `maxEntries` entries (each one key, one reference, one identity string and a
 * shared outcome: ~250 bytes); the oldest entry goes first. Other stores can join by implementing
 * `identify` for an identity that is exact (equal ⇒ the same bytes) — a version number that every
 * write changes, not a timestamp with a granularity.
 */

export interface DecisionCache<T> {
  /** The decision for `key` read with `ref`, if it was made for exactly `identity`. */
  get(key: string, ref: string, identity: string): T | undefined;
  /** Remember `value` for `key` with `ref`, made from the bytes of `identity`. */
  set(key: string, ref: string, identity: string, value: T): void;
  readonly size: number;
  readonly maxEntries: number;
}

interface Entry<T> {
  readonly ref: string;
  readonly identity: string;
  readonly value: T;
}

export function createDecisionCache<T>(maxEntries: number): DecisionCache<T> {
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`decision cache: maxEntries must be a positive integer (got ${maxEntries})`);
  const entries = new Map<string, Entry<T>>();
  return {
    get(key, ref, identity) {
      const e = entries.get(key);
      return e !== undefined && e.identity === identity && e.ref === ref ? e.value : undefined;
    },
    set(key, ref, identity, value) {
      // Re-inserting moves a changed session to the young end.
      if (!entries.delete(key) && entries.size >= maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done !== true) entries.delete(oldest.value);
      }
      entries.set(key, { ref, identity, value });
    },
    get size() {
      return entries.size;
    },
    maxEntries,
  };
}
