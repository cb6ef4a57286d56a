/**
 * The JSON form of decoded PHP values (documented in docs/json-mapping.md):
 * - array with keys exactly 0..n-1 in order → JSON array; any other array → JSON object with
 *   the keys in PHP's order (int keys as their digits);
 * - object → `{"__class": …, <props by unmangled name>}`; when several properties unmangle to
 *   the same name (or to `__class`), the protected/private ones keep their raw mangled name;
 *   `C:` object → `{"__class": …, "__serialized": <string>}`; enum → `{"__enum": "Class:Case"}`;
 * - integers exact (bigints print all their digits); floats as numbers (`-0` stays `-0`);
 *   INF, -INF, NAN → the strings "INF", "-INF", "NAN";
 * - UTF-8 strings → JSON strings; other bytes → `{"__bytes": "<base64>"}`; a non-UTF-8 array
 *   key → its bytes read as latin1;
 * - a value met again (two references to one array, one object at two places, a pickle memo
 *   entry) is printed once, where it is met first; later places print `{"__ref": "<JSON pointer
 *   to that first place>"}` (RFC 6901); a value containing itself → `{"__cycle": true}`. So the
 *   output grows with the input, never with the number of paths through shared values;
 * - the JSON text is at most MAX_JSON_CHARS characters: past that, JSON_TOO_LARGE.
 */
import { Buffer, isUtf8 } from 'node:buffer';
import { IsauthError } from '../errors.js';
import { PhpBytes, PhpEnum, PhpFloat, PhpObject, PhpSerializable, unmangle } from './types.js';
import type { PhpArray, PhpKey, PhpValue } from './types.js';

function str(s: string): string {
  return JSON.stringify(s);
}

function bytesJson(b: Uint8Array): string {
  return `{"__bytes":${str(Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64'))}}`;
}

function floatJson(v: number): string {
  if (Number.isNaN(v)) return '"NAN"';
  if (v === Infinity) return '"INF"';
  if (v === -Infinity) return '"-INF"';
  if (Object.is(v, -0)) return '-0';
  return String(v);
}

function keyJson(k: PhpKey): string {
  if (typeof k === 'string') return str(k);
  if (k instanceof PhpBytes) return str(Buffer.from(k.bytes).toString('latin1'));
  return `"${k}"`;
}

function isList(a: PhpArray): boolean {
  let i = 0;
  for (const k of a.keys()) if (k !== i++) return false;
  return true;
}

/** The JSON of a value that is not an array or object, or undefined for those. */
function leafJson(v: PhpValue): string | undefined {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
    case 'bigint':
      return String(v);
    case 'string':
      return str(v);
  }
  if (v instanceof PhpFloat) return floatJson(v.value);
  if (v instanceof PhpBytes) return bytesJson(v.bytes);
  if (v instanceof PhpEnum) return `{"__enum":${str(`${v.className}:${v.caseName}`)}}`;
  if (v instanceof PhpSerializable) {
    const data = Buffer.from(v.data.buffer, v.data.byteOffset, v.data.byteLength);
    const payload = isUtf8(data) ? str(data.toString('utf8')) : bytesJson(v.data);
    return `{"__class":${str(v.className)},"__serialized":${payload}}`;
  }
  return undefined;
}

/**
 * The longest JSON text printed (16 Mi characters): far above any session isauth reads whole
 * (`--max-session-bytes`, 1 MiB by default, prints in a few times its size at most), and a bound
 * on memory for any other.
 */
export const MAX_JSON_CHARS = 16 * 1024 * 1024;

/** A member: its JSON label (`"key":`, '' in a list), its key as a JSON pointer segment, its value. */
type Item = [label: string, segment: string, value: PhpValue];

/** An array or object being printed: its members, and the parts done. */
interface Frame {
  node: PhpArray | PhpObject;
  /** Where it is printed: its JSON pointer. */
  pointer: string;
  items: Item[];
  i: number;
  parts: string[];
  close: string;
  /** The label of the member being printed below this frame. */
  label: string;
}

/** A key as one segment of a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`). */
function segment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function keyText(k: PhpKey): string {
  if (typeof k === 'string') return k;
  if (k instanceof PhpBytes) return Buffer.from(k.bytes).toString('latin1');
  return String(k);
}

function frameOf(node: PhpArray | PhpObject, pointer: string): Frame {
  const frame = { node, pointer, i: 0, label: '' };
  if (node instanceof PhpObject) {
    const seen = new Map<string, number>([['__class', 1]]);
    for (const raw of node.props.keys()) {
      const name = unmangle(raw);
      seen.set(name, (seen.get(name) ?? 0) + 1);
    }
    const items: Item[] = [];
    for (const [raw, x] of node.props) {
      let name = unmangle(raw);
      if (name !== raw && seen.get(name)! > 1) name = raw;
      items.push([`${str(name)}:`, segment(name), x]);
    }
    return { ...frame, items, parts: [`{"__class":${str(node.className)}`], close: '}' };
  }
  if (isList(node)) {
    let n = 0;
    return { ...frame, items: [...node.values()].map((x): Item => ['', String(n++), x]), parts: [], close: ']' };
  }
  const items = [...node].map(([k, x]): Item => [`${keyJson(k)}:`, segment(keyText(k)), x]);
  return { ...frame, items, parts: [], close: '}' };
}

function finish(f: Frame): string {
  const body = f.parts.join(',');
  if (f.node instanceof PhpObject) return `${body}}`; // parts[0] opened it with the class
  return f.close === ']' ? `[${body}]` : `{${body}}`;
}

/**
 * The JSON text of a decoded value or session (see the module doc for the mapping). Iterative,
 * like the decoders, so any depth they accept prints without touching the JS call stack.
 * Throws JSON_TOO_LARGE past `maxChars`.
 */
export function toJson(value: PhpValue, maxChars = MAX_JSON_CHARS): string {
  const leaf = leafJson(value);
  if (leaf !== undefined) return leaf;
  /** Where each array and object met so far is printed (ancestors included). */
  const printed = new Map<object, string>([[value as object, '']]);
  const path = new Set<object>([value as object]);
  const stack: Frame[] = [frameOf(value as PhpArray | PhpObject, '')];
  let chars = 2;
  const add = (f: Frame, piece: string): void => {
    chars += piece.length + 1;
    if (chars > maxChars) throw new IsauthError('JSON_TOO_LARGE', `the JSON would be longer than ${maxChars} characters`);
    f.parts.push(piece);
  };
  for (;;) {
    const f = stack[stack.length - 1]!;
    if (f.i === f.items.length) {
      stack.pop();
      path.delete(f.node);
      const json = finish(f);
      const parent = stack[stack.length - 1];
      if (parent === undefined) return json;
      parent.parts.push(parent.label + json); // counted piece by piece already
      continue;
    }
    const [label, seg, x] = f.items[f.i++]!;
    const l = leafJson(x);
    if (l !== undefined) add(f, label + l);
    else if (path.has(x as object)) add(f, `${label}{"__cycle":true}`);
    else if (printed.has(x as object)) add(f, `${label}{"__ref":${str(printed.get(x as object)!)}}`);
    else {
      chars += label.length + 3 + (x instanceof PhpObject ? x.className.length + 12 : 0);
      f.label = label;
      const pointer = `${f.pointer}/${seg}`;
      printed.set(x as object, pointer);
      path.add(x as object);
      stack.push(frameOf(x as PhpArray | PhpObject, pointer));
    }
  }
}
