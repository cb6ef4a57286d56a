/**
 * Random sessions for the SessionFormat contract, in a form both the real writers (PHP, Python)
 * and the expected value model (src/php/types.ts) are built from:
 * - `sessionSamples(opts)`: fast-check top-level variables → values (null, bool, int64, float,
 *   byte strings, nested arrays with int or string keys);
 * - `wire(sample)`: a JSON form a PHP or Python script turns into real values (test/contracts/writers.ts);
 * - `modelOf(sample)`: what every format must decode it to — PHP's array semantics (a canonical
 *   decimal string key is an int key, a later duplicate replaces the value in place), strings as
 *   `string` when UTF-8 and PhpBytes otherwise, floats as PhpFloat.
 */
import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { PhpBytes, PhpFloat, type PhpKey, type PhpSession, type PhpValue } from '../../src/php/types.js';

export type Key = { int: bigint } | { str: Uint8Array };
export type Value = null | boolean | { int: bigint } | { float: number } | { str: Uint8Array } | { arr: Array<[Key, Value]> };
export type Sample = Array<[string, Value]>;

export interface SampleOptions {
  /** Strings that are not UTF-8 (JSON writers cannot write them). */
  binary: boolean;
  /** NaN and ±Infinity (JSON cannot hold them). */
  nonFinite: boolean;
  /** Keys of nested arrays may be ints (JSON object keys are strings: ints come back as numeric strings, the same key). */
  intKeys?: boolean;
}

export function sessionSamples(o: SampleOptions): fc.Arbitrary<Sample> {
  const text = fc.string({ unit: 'grapheme', maxLength: 10 }).map((s) => ({ str: Buffer.from(s, 'utf8') as Uint8Array }));
  const str = o.binary ? fc.oneof(text, fc.uint8Array({ maxLength: 10 }).map((u) => ({ str: u }))) : text;
  const int = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((i) => ({ int: i }));
  const float = (o.nonFinite ? fc.double() : fc.double({ noNaN: true, noDefaultInfinity: true })).map((f) => ({ float: f }));
  const key: fc.Arbitrary<Key> = o.intKeys === false ? text : fc.oneof(int, str, fc.constantFrom('0', '7', '-1', '01', '-0', '1.5').map((s) => ({ str: Buffer.from(s) as Uint8Array })));
  const { value } = fc.letrec<{ value: Value; arr: Value }>((tie) => ({
    value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.constant(null), fc.boolean(), int, float, str, tie('arr')),
    arr: fc.array(fc.tuple(key, tie('value')), { maxLength: 4 }).map((entries) => ({ arr: entries })),
  }));
  const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/);
  return fc.uniqueArray(fc.tuple(name, value), { maxLength: 5, selector: ([n]) => n });
}

const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');

function wireOf(v: Value): unknown {
  if (v === null) return ['n'];
  if (typeof v === 'boolean') return ['b', v];
  if ('int' in v) return ['i', v.int.toString()];
  if ('float' in v) return ['d', Number.isNaN(v.float) ? 'NAN' : v.float === Infinity ? 'INF' : v.float === -Infinity ? '-INF' : Object.is(v.float, -0) ? '-0.0' : String(v.float)];
  if ('str' in v) return ['s', b64(v.str)];
  return ['a', v.arr.map(([k, x]) => [wireOf(k), wireOf(x)])];
}

/** [[name, wire], …] for a writer script. */
export const wire = (s: Sample): unknown => s.map(([n, v]) => [n, wireOf(v)]);

const asInt = (i: bigint): number | bigint => (Number.isSafeInteger(Number(i)) ? Number(i) : i);
const asStr = (u: Uint8Array): string | PhpBytes => (isUtf8(u) ? Buffer.from(u).toString('utf8') : new PhpBytes(Buffer.from(u)));

/** A PHP array key: canonical decimal strings within int64 become ints. */
function phpKey(k: Key): PhpKey {
  if ('int' in k) return asInt(k.int);
  const s = asStr(k.str);
  if (typeof s === 'string' && /^(0|-?[1-9][0-9]*)$/.test(s)) {
    const b = BigInt(s);
    if (b >= -(2n ** 63n) && b < 2n ** 63n) return asInt(b);
  }
  return s as PhpKey;
}

/**
 * How the writer's containers keep their keys: `php` (PHP arrays), `php-json` (PHP arrays through
 * json_encode: a list stays a list, anything else becomes an object, its keys strings),
 * `python-json` (Python dicts through json.dumps: objects, keys strings), `python` (dicts as they
 * are: int, str or bytes keys).
 */
export type KeyModel = 'php' | 'php-json' | 'python-json' | 'python';

function container(entries: Array<[Key, Value]>, km: KeyModel): Map<PhpKey, PhpValue> {
  const m = new Map<PhpKey, PhpValue>();
  if (km === 'python') {
    for (const [k, x] of entries) m.set('int' in k ? asInt(k.int) : (asStr(k.str) as PhpKey), valueOf(x, km));
    return m;
  }
  if (km === 'python-json') {
    for (const [k, x] of entries) m.set('int' in k ? k.int.toString() : (asStr(k.str) as string), valueOf(x, km));
    return m;
  }
  for (const [k, x] of entries) m.set(phpKey(k), valueOf(x, km));
  if (km === 'php' || [...m.keys()].every((k, i) => k === i)) return m;
  return new Map([...m].map(([k, v]) => [String(k), v]));
}

function valueOf(v: Value, km: KeyModel): PhpValue {
  if (v === null || typeof v === 'boolean') return v;
  if ('int' in v) return asInt(v.int);
  if ('float' in v) return new PhpFloat(v.float);
  if ('str' in v) return asStr(v.str);
  return container(v.arr, km);
}

export function modelOf(s: Sample, km: KeyModel): PhpSession {
  return new Map(s.map(([n, v]) => [n, valueOf(v, km)])) as PhpSession;
}
