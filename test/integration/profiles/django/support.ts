/** Shared helpers of the real-Django tests: Python one-liners through Django's own signing, and a plain view of sessions. */
import { PhpBytes, PhpFloat, type PhpValue } from '../../../../src/php/types.js';
import { runPython } from '../../../harness/django.js';

const PRELUDE = `
import base64, json, sys, zlib
from django.conf import settings
settings.configure(SECRET_KEY='unused')
from django.core import signing
args = json.loads(sys.stdin.read())
`;

/** Run `code` (after PRELUDE, `args` = the JSON input) and return its stdout as text. */
export function py(code: string, args: unknown = {}): string {
  return runPython(PRELUDE + code, JSON.stringify(args)).toString('utf8').trim();
}

/** Django's own `signing.loads` of `value`: JSON text of the result (Python's json, big ints exact), or "BadSignature". */
export function djangoLoads(value: string, secretKey: string, salt: string): string {
  return py(
    `try:\n    print(json.dumps(signing.loads(args['v'], key=args['k'], salt=args['s'])))\nexcept signing.BadSignature as e:\n    print(type(e).__name__)`,
    { v: value, k: secretKey, s: salt },
  );
}

/** A session as plain JSON-like data: int-keyed Maps 0..n-1 → arrays, other Maps → objects. */
export function plain(v: PhpValue): unknown {
  if (v instanceof Map) {
    const keys = [...v.keys()];
    if (keys.length > 0 && keys.every((k, i) => k === i)) return [...v.values()].map(plain);
    return Object.fromEntries([...v].map(([k, x]) => [String(k instanceof PhpBytes ? Buffer.from(k.bytes).toString('latin1') : k), plain(x)]));
  }
  if (v instanceof PhpFloat) return v.value;
  if (v instanceof PhpBytes) return { bytes: Buffer.from(v.bytes).toString('hex') };
  if (typeof v === 'bigint') return v.toString();
  return v;
}
