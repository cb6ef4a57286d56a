/**
 * Bridge to real PHP for the fidelity and fuzz tests: PHP encodes sessions and decodes
 * byte strings into a canonical typed form (fixtures/canon.php); `canon()` is the same walk
 * over isauth's value model, so the two can be compared with toEqual.
 */
import { fileURLToPath } from 'node:url';
import { runPhp } from '../../harness/php.js';
import { PhpBytes, PhpEnum, PhpFloat, PhpObject, PhpSerializable } from '../../../src/php/types.js';
import type { PhpValue, SerializerName } from '../../../src/php/types.js';

const SCRIPT = fileURLToPath(new URL('./fixtures/canon.php', import.meta.url));
const INI = { 'session.use_cookies': '0', 'session.save_path': '/tmp', 'session.use_strict_mode': '0' };

function php(input: object): unknown {
  const out = runPhp(`require ${JSON.stringify(SCRIPT)};`, { ini: INI, input: JSON.stringify(input) });
  return JSON.parse(out.toString('utf8'));
}

/** PHP-encoded sessions: the full sample, the sample without class instances, an empty one. */
export function phpEncode(handler: SerializerName): { sample: Buffer; plain: Buffer; empty: Buffer } {
  const r = php({ mode: 'encode', handler }) as Record<'sample' | 'plain' | 'empty', string>;
  const b = (s: string) => Buffer.from(s, 'base64');
  return { sample: b(r.sample), plain: b(r.plain), empty: b(r.empty) };
}

/** What PHP's session_decode makes of each input: its canonical form, or false if it fails. */
export function phpDecode(handler: SerializerName, cases: Uint8Array[], noClasses = false): unknown[] {
  return php({ mode: 'decode', handler, noClasses, cases: cases.map((c) => Buffer.from(c).toString('base64')) }) as unknown[];
}

const hex = (b: Uint8Array | string) => (typeof b === 'string' ? Buffer.from(b, 'utf8') : Buffer.from(b)).toString('hex');

/**
 * The canonical form of a decoded value (see canon.php). `phpKnowsClasses` false mimics PHP
 * without the classes loaded: a `C:` object of an unknown class loses its payload there.
 */
export function canon(v: PhpValue, phpKnowsClasses = true, ids = new Map<object, number>(), path = new Set<object>()): unknown {
  if (v === null) return ['null'];
  if (typeof v === 'boolean') return ['bool', v];
  if (typeof v === 'number' || typeof v === 'bigint') return ['int', String(v)];
  if (typeof v === 'string') return ['str', hex(v)];
  if (v instanceof PhpBytes) return ['str', hex(v.bytes)];
  if (v instanceof PhpFloat) {
    if (Number.isNaN(v.value)) return ['float', 'NAN'];
    const b = Buffer.alloc(8);
    b.writeDoubleBE(v.value);
    return ['float', b.toString('hex')];
  }
  if (v instanceof Map) return ['arr', [...v].map(([k, x]) => [typeof k === 'number' || typeof k === 'bigint' ? ['i', String(k)] : ['s', hex(typeof k === 'string' ? k : k.bytes)], canon(x, phpKnowsClasses, ids, path)])];
  if (v instanceof PhpEnum) return ['enum', hex(v.className), hex(v.caseName)];
  if (path.has(v)) return ['cycle'];
  if (!ids.has(v)) ids.set(v, ids.size);
  const id = ids.get(v);
  if (v instanceof PhpSerializable) {
    return phpKnowsClasses && v.className === 'Ser' ? ['ser', hex('Ser'), id, hex(v.data)] : ['obj', hex(v.className), id, []];
  }
  const o = v as PhpObject;
  path.add(o);
  const props = [...o.props].map(([k, x]) => [hex(k), canon(x, phpKnowsClasses, ids, path)]);
  path.delete(o);
  return ['obj', hex(o.className), id, props];
}
