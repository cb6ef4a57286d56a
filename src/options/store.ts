import { parseStoreUrl } from '../stores/url.js';
import { shownStoreUrl } from '../stores/url-shown.js';
import type { StoreSpec } from '../stores/types.js';
import { Invalid } from './values.js';

/** `--store`: the URL as given plus what src/stores made of it. */
export interface StoreSetting {
  readonly url: string;
  readonly spec: StoreSpec;
}

/** Validates `--store` with the stores' own parser. The URL is never echoed (it may hold a password). */
export function storeSetting(raw: string): StoreSetting | Invalid {
  const spec = parseStoreUrl(raw);
  if ('error' in spec) return new Invalid(spec.error);
  return Object.freeze({ url: raw, spec });
}

/**
 * The store for summaries and logs: written back from the parsed spec with `***` for any
 * password (src/stores/url-shown.ts), never the URL as given.
 */
export function shownStore(setting: StoreSetting): string {
  return shownStoreUrl(setting.spec);
}
