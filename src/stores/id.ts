/**
 * The stores' own last line of defence: ids are validated before they reach a store, but a store
 * still refuses (treats as absent, touching nothing) any id outside PHP's alphabet and length.
 */
const SAFE_ID = /^[A-Za-z0-9,-]{1,256}$/;

export function isSafeSessionId(id: string): boolean {
  return SAFE_ID.test(id);
}
