/**
 * Stages 2–5 of the path for a plain PHP site, over one real store: id (PHP's id codec) → PHP's
 * key → store read → identity value codec → bytes. What the store tests read sessions through.
 */
import { phpIdCodec } from '../../src/cookie-codec/php-id.js';
import type { Config } from '../../src/options/schema.js';
import { keySchemeFor, PROFILES, storeFamily } from '../../src/profiles/index.js';
import type { KeyScheme } from '../../src/store-key/types.js';
import { createStore } from '../../src/stores/factory.js';
import type { SessionStore, StoreOptions, StoreSpec } from '../../src/stores/types.js';
import { identityCodec } from '../../src/value-codec/identity.js';

export interface SessionReader {
  readonly kind: string;
  load(id: string, timeoutMs: number): Promise<Uint8Array | null>;
  verify(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/** PHP's own key for a store (the plain profile's row; the URL's `?key=`/`?prefix=` win). */
export function phpKeyScheme(spec: StoreSpec): KeyScheme {
  const row = PROFILES.plain.stores[storeFamily(spec)];
  if (row === undefined) throw new Error(`no plain-profile row for ${spec.kind}`);
  return keySchemeFor(spec, row, { store: { spec } } as unknown as Config);
}

/** `store`: a store already built from `spec` (e.g. the files store with its reader forced). */
export function storeReader(spec: StoreSpec, opts: StoreOptions, store: SessionStore = createStore(spec, opts)): SessionReader {
  const keys = phpKeyScheme(spec);
  const codec = identityCodec();
  return {
    kind: store.kind,
    async load(raw, timeoutMs) {
      const id = phpIdCodec.decode(raw);
      if (typeof id !== 'string') return null; // the id stage refuses it: nothing is read
      const key = keys.key(id);
      const v = await store.load(key, keys.placeBy === 'id' ? id : key, timeoutMs);
      return v === null ? null : codec.decode(v.bytes, v.flags);
    },
    verify: (t) => store.verify(t),
    close: () => store.close(),
  };
}
