/**
 * A PHP string stored through a client's serializer (serialize(), igbinary, json_encode) → the
 * string's own bytes. Sessions are strings; a client may still pass one through its serializer
 * (a typed path), and the session is then the string inside. Any other serialized value is not a
 * session string: VALUE_FLAGS (the codecs' headers say why). A string whose wrapping is malformed:
 * VALUE_CORRUPT. Strict like the PHP readers: nothing may follow the value.
 *
 * The serialized and igbinary forms answer a view of the input (no copy).
 */
import { IsauthError } from '../errors.js';
import { unwrapPhpString } from './php-string.js';

function notAString(what: string): never {
  throw new IsauthError('VALUE_FLAGS', `${what}: the stored value is not a PHP string`);
}

function corrupt(what: string, detail: string): never {
  throw new IsauthError('VALUE_CORRUPT', `${what}: ${detail}`);
}

const C_QUOTE = 0x22;

/** serialize()'s `s:<length>:"<bytes>";` → the bytes (php-string.ts reads the form). */
export function serializedString(data: Uint8Array): Uint8Array {
  if (data[0] !== 0x73 || data[1] !== 0x3a) notAString('serialized'); // `s:`
  return unwrapPhpString(data) ?? corrupt('serialized', 'not one well-formed PHP string (s:N:"…";)');
}

/** igbinary_serialize() of a string: 4-byte version (1 or 2), a string type, its length, bytes. */
export function igbinaryString(data: Uint8Array): Uint8Array {
  if (data.length < 5) corrupt('igbinary', 'shorter than its header');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const version = view.getUint32(0);
  if (version !== 1 && version !== 2) corrupt('igbinary', `format version ${version}`);
  const type = data[4]!;
  let start: number;
  let len: number;
  switch (type) {
    case 0x0d: // string_empty
      start = 5;
      len = 0;
      break;
    case 0x11: // string8
    case 0x12: // string16
    case 0x13: // string32
    case 0x26: { // string64
      const width = type === 0x26 ? 8 : 1 << (type - 0x11);
      start = 5 + width;
      if (start > data.length) corrupt('igbinary', 'string length truncated');
      len = 0;
      for (let i = 5; i < start; i++) len = len * 256 + data[i]!;
      break;
    }
    default:
      return notAString('igbinary');
  }
  if (start + len !== data.length) corrupt('igbinary', 'the string length does not match the value');
  return data.subarray(start, start + len);
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const LONE_SURROGATE = /\p{Surrogate}/u;

/** json_encode() of a string: `"…"` (JSON whitespace around it allowed, as json_decode does). */
export function jsonString(data: Uint8Array): Uint8Array {
  let p = 0;
  while (p < data.length && (data[p] === 0x20 || data[p] === 0x09 || data[p] === 0x0a || data[p] === 0x0d)) p++;
  if (data[p] !== C_QUOTE) notAString('json');
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(data));
  } catch (err) {
    throw new IsauthError('VALUE_CORRUPT', `json: ${(err as Error).message}`, { cause: err });
  }
  if (typeof value !== 'string') return corrupt('json', 'not one JSON string');
  // json_decode refuses an unpaired \uD800-\uDFFF escape; UTF-8 cannot carry one.
  if (LONE_SURROGATE.test(value)) corrupt('json', 'an unpaired UTF-16 surrogate');
  return Buffer.from(value, 'utf8');
}
