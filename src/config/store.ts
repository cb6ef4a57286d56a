import { parseStoreUrl } from '../stores/url.js';
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

/** The URL with any password replaced by `***`, for summaries and logs. */
export function redactStoreUrl(url: string): string {
  return url.replace(/^([a-z+-]+:\/\/[^/@]*?:)[^/@]*@/i, '$1***@');
}
