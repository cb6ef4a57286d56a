/** The PHP session decoder: pure functions over bytes. */
export { decodeSession, decodeSessionKeys } from './session.js';
export { unserialize } from './unserialize.js';
export { igbinaryUnserialize } from './igbinary.js';
export { toJson } from './to-json.js';
export { DEFAULT_MAX_DEPTH, MAX_DEPTH_LIMIT } from './options.js';
export type { DecodeOptions, KeyFilter } from './options.js';
export * from './types.js';
