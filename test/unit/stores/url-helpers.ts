/** Store-URL test helpers: a URL that must parse, and one that must not (its message). */
import { expect } from 'vitest';
import { parseStoreUrl } from '../../../src/stores/url.js';

export const ok = (url: string) => {
  const r = parseStoreUrl(url);
  if ('error' in r) throw new Error(`${url}: ${r.error}`);
  return r;
};

export const err = (url: string): string => {
  const r = parseStoreUrl(url);
  expect(r, url).toHaveProperty('error');
  return 'error' in r ? r.error : '';
};
