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
 * - shared values are printed at each place; a value containing itself → `{"__cycle": true}`.
 */
import { Buffer, isUtf8 } from 'node:buffer';
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

/** An array or object being printed: its members as (label, value), and the parts done. */
interface Frame {
  node: PhpArray | PhpObject;
  items: [string, PhpValue][];
  i: number;
  parts: string[];
  close: string;
  /** The label of the member being printed below this frame. */
  label: string;
}

function frameOf(node: PhpArray | PhpObject): Frame {
  if (node instanceof PhpObject) {
    const seen = new Map<string, number>([['__class', 1]]);
    for (const raw of node.props.keys()) {
      const name = unmangle(raw);
      seen.set(name, (seen.get(name) ?? 0) + 1);
    }
    const items: [string, PhpValue][] = [];
    for (const [raw, x] of node.props) {
      let name = unmangle(raw);
      if (name !== raw && seen.get(name)! > 1) name = raw;
      items.push([`${str(name)}:`, x]);
    }
    return { node, items, i: 0, parts: [`{"__class":${str(node.className)}`], close: '}', label: '' };
  }
  if (isList(node)) {
    return { node, items: [...node.values()].map((x): [string, PhpValue] => ['', x]), i: 0, parts: [], close: ']', label: '' };
  }
  const items = [...node].map(([k, x]): [string, PhpValue] => [`${keyJson(k)}:`, x]);
  return { node, items, i: 0, parts: [], close: '}', label: '' };
}

function finish(f: Frame): string {
  const body = f.parts.join(',');
  if (f.node instanceof PhpObject) return `${body}}`; // parts[0] opened it with the class
  return f.close === ']' ? `[${body}]` : `{${body}}`;
}

/**
 * The JSON text of a decoded value or session (see the module doc for the mapping). Iterative,
 * like the decoders, so any depth they accept prints without touching the JS call stack.
 */
export function toJson(value: PhpValue): string {
  const leaf = leafJson(value);
  if (leaf !== undefined) return leaf;
  const path = new Set<object>([value as object]);
  const stack: Frame[] = [frameOf(value as PhpArray | PhpObject)];
  for (;;) {
    const f = stack[stack.length - 1]!;
    if (f.i === f.items.length) {
      stack.pop();
      path.delete(f.node);
      const json = finish(f);
      const parent = stack[stack.length - 1];
      if (parent === undefined) return json;
      parent.parts.push(parent.label + json);
      continue;
    }
    const [label, x] = f.items[f.i++]!;
    const l = leafJson(x);
    if (l !== undefined) f.parts.push(label + l);
    else if (path.has(x as object)) f.parts.push(`${label}{"__cycle":true}`);
    else {
      f.label = label;
      path.add(x as object);
      stack.push(frameOf(x as PhpArray | PhpObject));
    }
  }
}
