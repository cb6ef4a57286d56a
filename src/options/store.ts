import { parseStoreUrl, SCHEME_WORD, STORE_SCHEMES } from '../stores/url.js';
import { closest } from './suggest.js';
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
  if ('error' in spec) return new Invalid(spec.error.startsWith('unknown store') ? withSuggestion(spec.error, raw) : spec.error);
  return Object.freeze({ url: raw, spec });
}

/**
 * `unknown store "cookie" (did you mean cookie:?)`, as for a misspelt flag: the scheme the user
 * wrote (or the bare word, without its colon) against every store's.
 */
function withSuggestion(error: string, raw: string): string {
  const colon = raw.indexOf(':');
  const word = colon < 0 ? raw : raw.slice(0, colon);
  if (!SCHEME_WORD.test(word)) return error;
  const names = STORE_SCHEMES.map((s) => s.slice(0, s.indexOf(':')));
  const best = closest(word, names);
  if (best === undefined) return error;
  const form = STORE_SCHEMES[names.indexOf(best)] as string;
  const quoted = `"${word}"`;
  return error.replace(`${quoted}:`, `${quoted} (did you mean ${form}?):`);
}

/**
 * The store for summaries and logs: written back from the parsed spec with `***` for any
 * password (src/stores/url-shown.ts), never the URL as given.
 */
export function shownStore(setting: StoreSetting): string {
  return shownStoreUrl(setting.spec);
}
