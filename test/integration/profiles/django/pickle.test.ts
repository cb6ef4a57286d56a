/**
 * The pickle reader against CPython's own pickler: ordinary session dicts at protocols 2–5 decode
 * to the same data Python holds; pickles of class instances (and hand-made GLOBAL/REDUCE
 * payloads) are DECODE_FORBIDDEN at every protocol.
 */
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../../src/errors.js';
import { unpickle } from '../../../../src/session-format/django/index.js';
import { haveDjango, runPython } from '../../../harness/django.js';
import { expectDecodeError } from '../../../unit/php/helpers.js';
import { plain } from './support.js';

/** Python prints one base64 pickle per line, for each protocol given. */
function pickles(expr: string, protocols: number[]): Buffer[] {
  const code = `import base64, pickle, collections, datetime\nclass Evil:\n    def __reduce__(self):\n        import os\n        return (os.system, ('true',))\nclass Plain:\n    pass\nv = ${expr}\nfor p in ${JSON.stringify(protocols)}:\n    print(base64.b64encode(pickle.dumps(v, protocol=p)).decode())`;
  return runPython(code).toString().trim().split('\n').map((l) => Buffer.from(l, 'base64'));
}

/** Python's view of the same value, in plain()'s shape: tuples/lists → arrays, bytes → {bytes: hex}, big ints → strings. */
function pythonPlain(expr: string): unknown {
  const code = `import json\ndef conv(x):\n    if isinstance(x, dict): return {str(k): conv(v) for k, v in x.items()}\n    if isinstance(x, (list, tuple)): return [conv(v) for v in x] if x else {}\n    if isinstance(x, (set, frozenset)): return [conv(v) for v in sorted(x)] if x else {}\n    if isinstance(x, (bytes, bytearray)): return {'bytes': bytes(x).hex()}\n    if isinstance(x, bool) or x is None: return x\n    if isinstance(x, int): return x if abs(x) <= 2**53 - 1 else str(x)\n    return x\nprint(json.dumps(conv(${expr})))`;
  return JSON.parse(runPython(code).toString());
}

const SESSION = `{'_auth_user_id': '1', '_auth_user_backend': 'django.contrib.auth.backends.ModelBackend', 'cart': [17, 23], 'u': 'é☃😀', 'n': None, 'b': True, 'f': -1.5, 'i': -2**31, 'j': 2**31, 'k': 255, 'l': 65536, 'big': 2**100, 'neg': -2**70, 'tup': (1, ('x', 2.0)), 'nested': {'a': [{'b': []}], 'c': {}}, 'shared': None, 'long': 'z' * 300, 7: 'int key'}`;

describe.runIf(haveDjango())('CPython pickles', () => {
  it('protocols 2–5 of a session dict decode to what Python holds', () => {
    const expected = pythonPlain(SESSION);
    for (const p of pickles(SESSION, [2, 3, 4, 5])) expect(plain(unpickle(p))).toEqual(expected);
  });

  it('sets and frozensets (protocols 4–5; before 4 Python pickles them through GLOBAL)', () => {
    const expr = `{'set': {3, 1, 2}, 'fs': frozenset({9}), 'empty': set()}`;
    for (const p of pickles(expr, [4, 5])) expect(plain(unpickle(p))).toEqual(pythonPlain(expr));
    for (const p of pickles(expr, [2, 3])) expectDecodeError(() => unpickle(p), 'DECODE_FORBIDDEN');
  });

  it('bytes (protocols 3–5), bytearray (5; before, Python pickles it through REDUCE), a shared list read through the memo', () => {
    const expr = `(lambda s: {'by': b'\\x00\\xff', 'ba': bytearray(b'ab'), 'x': s, 'y': s})([1, 2])`;
    for (const p of pickles(expr.replace("bytearray(b'ab')", "b'ab'"), [3, 4])) expect(plain(unpickle(p))).toEqual(pythonPlain(expr));
    for (const p of pickles(expr, [5])) {
      const s = unpickle(p);
      expect(plain(s)).toEqual(pythonPlain(expr));
      expect(s.get('x')).toBe(s.get('y'));
    }
  });

  it('class instances, a __reduce__ payload and datetimes are DECODE_FORBIDDEN at every protocol', () => {
    for (const expr of ["{'o': Plain()}", "{'e': Evil()}", "{'d': datetime.datetime(2020, 1, 2)}", "{'od': collections.OrderedDict(a=1)}", "{'b': b'x'}"]) {
      const protocols = expr.includes("b'x'") ? [2] : [0, 1, 2, 3, 4, 5];
      for (const p of pickles(expr, protocols)) expectDecodeError(() => unpickle(p), 'DECODE_FORBIDDEN');
    }
  });

  it('hand-made GLOBAL/STACK_GLOBAL/REDUCE/INST/OBJ/NEWOBJ payloads are DECODE_FORBIDDEN', () => {
    const code = `import base64, pickle, pickletools
payloads = [
  b"cos\\nsystem\\n(S'true'\\ntR.",
  b"\\x80\\x04\\x8c\\x02os\\x8c\\x06system\\x93\\x8c\\x04true\\x85R.",
  b"(S'true'\\nios\\nsystem\\n.",
  b"(cos\\nsystem\\nS'true'\\no.",
  b"\\x80\\x02c__main__\\nPlain\\n)\\x81.",
  b"\\x80\\x04}\\x94\\x8c\\x01a\\x94c__main__\\nPlain\\n)\\x81s.",
]
for p in payloads:
    list(pickletools.genops(p))  # each is a well-formed pickle
    print(base64.b64encode(p).decode())`;
    const all = runPython(code).toString().trim().split('\n');
    expect(all).toHaveLength(6);
    for (const l of all) expectDecodeError(() => unpickle(Buffer.from(l, 'base64')), 'DECODE_FORBIDDEN');
  });

  it('every truncation and single-byte corruption of a real pickle gives a DecodeError', () => {
    const [p] = pickles(SESSION, [5]);
    for (let n = 0; n < p!.length; n++) expect(() => unpickle(p!.subarray(0, n))).toThrow(DecodeError);
    for (let k = 0; k < p!.length; k += 3) {
      const c = Buffer.from(p!);
      c[k] = c[k]! ^ 0x5a;
      try {
        expect(unpickle(c)).toBeInstanceOf(Map);
      } catch (e) {
        expect(e).toBeInstanceOf(DecodeError);
      }
    }
  });
});
