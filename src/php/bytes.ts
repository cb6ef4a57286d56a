/**
 * Byte-level helpers shared by the decoders: turning byte ranges into JS strings and checking
 * class names (integers: int64.ts). Everything works on a Buffer
 * view of the caller's bytes, never copying unless a value must outlive it (`PhpBytes`).
 */
import { Buffer, isAscii, isUtf8 } from 'node:buffer';
import { DecodeError } from '../errors.js';
import type { ErrorCode } from '../errors.js';
import { PhpBytes } from './types.js';

/**
 * A Buffer with Node's own slice-to-string methods (present since Node 0.x, untyped in
 * @types/node); they skip `toString`'s encoding dispatch on the hot path.
 */
export type Bytes = Buffer & {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
};

/** A Buffer over the same memory (no copy). */
export function asBuffer(bytes: Uint8Array): Bytes {
  const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return b as Bytes;
}

/** Throw a DecodeError (typed `never` so callers can `return fail(...)`). */
export function fail(code: ErrorCode, offset: number, detail?: string): never {
  throw new DecodeError(code, offset, detail);
}

/**
 * Whether buf[s..e) is well-formed UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF) — the same
 * rule as node's isUtf8, without the subarray allocation, for short strings.
 */
function isUtf8Range(buf: Bytes, s: number, e: number): boolean {
  let i = s;
  while (i < e) {
    const c = buf[i]!;
    if (c < 0x80) { i++; continue; }
    let n: number;
    let min: number;
    let max = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1, min = 0x80;
    else if (c >= 0xe0 && c <= 0xef) n = 2, min = c === 0xe0 ? 0xa0 : 0x80, max = c === 0xed ? 0x9f : 0xbf;
    else if (c >= 0xf0 && c <= 0xf4) n = 3, min = c === 0xf0 ? 0x90 : 0x80, max = c === 0xf4 ? 0x8f : 0xbf;
    else return false;
    if (i + n >= e) return false;
    const c1 = buf[i + 1]!;
    if (c1 < min || c1 > max) return false;
    for (let k = 2; k <= n; k++) {
      const ck = buf[i + k]!;
      if (ck < 0x80 || ck > 0xbf) return false;
    }
    i += n + 1;
  }
  return true;
}

function utf8Valid(buf: Bytes, s: number, e: number): boolean {
  return e - s <= 256 ? isUtf8Range(buf, s, e) : isUtf8(buf.subarray(s, e));
}

/**
 * buf[s..e) decoded as UTF-8 when the bytes are valid UTF-8, else undefined. Node's decoder
 * turns every invalid sequence into U+FFFD, so a result without U+FFFD proves the bytes valid
 * (one native pass, no separate scan); only a result with U+FFFD needs the exact check.
 */
function utf8String(buf: Bytes, s: number, e: number): string | undefined {
  const str = buf.utf8Slice(s, e);
  return str.indexOf('\uFFFD') < 0 || utf8Valid(buf, s, e) ? str : undefined;
}

/**
 * Short ASCII strings (keys, flags, names) repeat within a session and across sessions; a
 * small direct-mapped cache hands back the same JS string instead of allocating a new one.
 * Each slot keeps its string's bytes, so a hit is verified byte by byte against typed memory
 * and a collision only costs a miss. Bounded: 4096 strings of at most 24 chars (~110 KB).
 */
export const CACHE_MAX_LEN = 24;
const SLOTS = 4096;
const cacheStr: string[] = new Array<string>(SLOTS).fill('');
const cacheLen = new Int8Array(SLOTS).fill(-1);
const cacheBytes = new Uint8Array(SLOTS * CACHE_MAX_LEN);

function cachedAscii(buf: Bytes, s: number, e: number): string | undefined {
  const len = e - s;
  let h = len;
  let any = 0;
  for (let i = s; i < e; i++) {
    const c = buf[i]!;
    any |= c;
    h = (Math.imul(h, 31) + c) | 0;
  }
  if (any >= 0x80) return undefined;
  const slot = (h ^ (h >>> 12)) & (SLOTS - 1);
  const base = slot * CACHE_MAX_LEN;
  if (cacheLen[slot] === len) {
    let i = 0;
    while (i < len && cacheBytes[base + i] === buf[s + i]) i++;
    if (i === len) return cacheStr[slot];
  }
  const str = buf.latin1Slice(s, e);
  cacheStr[slot] = str;
  cacheLen[slot] = len;
  for (let i = 0; i < len; i++) cacheBytes[base + i] = buf[s + i]!;
  return str;
}

/**
 * The bytes buf[s..e) as a PHP string value: a JS string when they are valid UTF-8 (short ASCII
 * strings come from the cache), otherwise a `PhpBytes` holding a copy.
 */
export function bytesToValue(buf: Bytes, s: number, e: number): string | PhpBytes {
  if (e - s <= CACHE_MAX_LEN) {
    const str = cachedAscii(buf, s, e);
    if (str !== undefined) return str;
  }
  return utf8String(buf, s, e) ?? new PhpBytes(new Uint8Array(buf.subarray(s, e)));
}

/**
 * The bytes as a name (class or property name): UTF-8 when valid, otherwise each byte as one
 * char (latin1), so the name stays a string and round-trips to the same bytes.
 */
export function bytesToName(buf: Bytes, s: number, e: number): string {
  if (e - s <= CACHE_MAX_LEN) {
    const str = cachedAscii(buf, s, e);
    if (str !== undefined) return str;
  }
  return utf8String(buf, s, e) ?? buf.latin1Slice(s, e);
}

/** PHP's zend_is_valid_class_name plus unserialize's own rules: non-empty, no leading `\`. */
export function isValidClassName(buf: Bytes, s: number, e: number): boolean {
  if (e <= s || buf[s] === 0x5c) return false;
  for (let i = s; i < e; i++) {
    const c = buf[i]!;
    const ok =
      (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) ||
      c === 0x5f || c === 0x5c || c >= 0x80;
    if (!ok) return false;
  }
  return true;
}

/**
 * Long strings (over CACHE_MAX_LEN bytes) of one input as PHP string values. The second one
 * asks once whether the whole input is ASCII (one native pass); if it is, they are all cut out
 * of one latin1 copy of it: a V8 substring (no native call, 13+ chars share the copy's memory)
 * instead of one native UTF-8 decode and U+FFFD scan each. The copy lives as long as such a
 * string does, i.e. about as long as the decoded session.
 */
export class LongStrings {
  /** The whole input as latin1 text when it is all ASCII, '' when not, unset until needed. */
  private text: string | undefined;
  /** Long strings read so far, while `text` is unset. */
  private count = 0;

  constructor(private readonly buf: Bytes) {}

  /** buf[s..e) as a PHP string value. */
  slice(s: number, e: number): string | PhpBytes {
    let text = this.text;
    if (text === undefined && ++this.count > 1) {
      const { buf } = this;
      text = this.text = isAscii(buf) ? buf.latin1Slice(0, buf.length) : '';
    }
    return text ? text.slice(s, e) : bytesToValue(this.buf, s, e);
  }
}
