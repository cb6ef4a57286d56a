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

class JsonWriter {
  private readonly path = new Set<object>();

  value(v: PhpValue): string {
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
    if (this.path.has(v)) return '{"__cycle":true}';
    this.path.add(v);
    const out = v instanceof PhpObject ? this.object(v) : this.array(v);
    this.path.delete(v);
    return out;
  }

  private array(a: PhpArray): string {
    const parts: string[] = [];
    if (isList(a)) {
      for (const x of a.values()) parts.push(this.value(x));
      return `[${parts.join(',')}]`;
    }
    for (const [k, x] of a) parts.push(`${keyJson(k)}:${this.value(x)}`);
    return `{${parts.join(',')}}`;
  }

  private object(o: PhpObject): string {
    const parts = [`"__class":${str(o.className)}`];
    const seen = new Map<string, number>([['__class', 1]]);
    for (const raw of o.props.keys()) {
      const name = unmangle(raw);
      seen.set(name, (seen.get(name) ?? 0) + 1);
    }
    for (const [raw, x] of o.props) {
      let name = unmangle(raw);
      if (name !== raw && seen.get(name)! > 1) name = raw;
      parts.push(`${str(name)}:${this.value(x)}`);
    }
    return `{${parts.join(',')}}`;
  }
}


/** The JSON text of a decoded value or session (see the module doc for the mapping). */
export function toJson(value: PhpValue): string {
  return new JsonWriter().value(value);
}
