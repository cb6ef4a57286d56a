/**
 * The real writers of sessions for the SessionFormat contract, each run once for a whole batch
 * of samples (session-sample.ts `wire` form on stdin, base64 per session on stdout):
 * - PHP's session_encode() with each session.serialize_handler, and json_encode();
 * - Django's SessionStore.encode() (signed, compressed JSON), the signed_cookies cookie
 *   (signing.dumps with its salt), and pickle.dumps (protocols 3–5).
 */
import { runPython } from '../harness/django.js';
import { runPhp } from '../harness/php.js';
import type { SerializerName } from '../../src/php/types.js';
import { wire, type Sample } from './session-sample.js';

const PHP_VALUE = `
function v($w) {
  switch ($w[0]) {
    case 'n': return null;
    case 'b': return (bool) $w[1];
    case 'i': return intval($w[1]);
    case 'd': return ['INF' => INF, '-INF' => -INF, 'NAN' => NAN][$w[1]] ?? (float) $w[1];
    case 's': return base64_decode($w[1]);
    default: $r = []; foreach ($w[1] as [$k, $x]) $r[$k[0] === 'i' ? intval($k[1]) : base64_decode($k[1])] = v($x); return $r;
  }
}
function session($s) { $r = []; foreach ($s as [$n, $w]) $r[$n] = v($w); return $r; }
$in = json_decode(stream_get_contents(STDIN), true);
$out = [];
`;

/** PHP's session_encode() of each sample with this serializer. */
export function phpSessionEncode(serializer: SerializerName, samples: readonly Sample[]): Buffer[] {
  const out = runPhp(
    `${PHP_VALUE}
     session_start();
     // session_encode() answers false for an empty session with php and php_binary: '' is what they store.
     foreach ($in as $s) { $_SESSION = session($s); $e = session_encode(); if ($e === false && $_SESSION !== []) exit(3); $out[] = base64_encode((string) $e); }
     echo json_encode($out);`,
    {
      input: JSON.stringify(samples.map(wire)),
      ini: { 'session.serialize_handler': serializer, 'session.use_cookies': '0', 'session.save_handler': 'files', 'session.save_path': '/tmp', 'session.use_strict_mode': '0', 'serialize_precision': '-1' },
    },
  );
  return (JSON.parse(out.toString()) as string[]).map((b) => Buffer.from(b, 'base64'));
}

/** json_encode() of each sample, as a custom save handler that shares sessions with another language does. */
export function phpJsonEncode(samples: readonly Sample[]): Buffer[] {
  const out = runPhp(
    `${PHP_VALUE}
     foreach ($in as $s) { $e = json_encode(session($s), JSON_PRESERVE_ZERO_FRACTION | JSON_THROW_ON_ERROR); $out[] = base64_encode($e); }
     echo json_encode($out);`,
    { input: JSON.stringify(samples.map(wire)), ini: { 'serialize_precision': '-1' } },
  );
  return (JSON.parse(out.toString()) as string[]).map((b) => Buffer.from(b, 'base64'));
}

const PY_VALUE = `
import base64, json, pickle, sys
def v(w):
    t = w[0]
    if t == 'n': return None
    if t == 'b': return bool(w[1])
    if t == 'i': return int(w[1])
    if t == 'd': return float(w[1].replace('INF', 'inf').replace('NAN', 'nan'))
    if t == 's':
        b = base64.b64decode(w[1])
        try: return b.decode('utf-8')
        except UnicodeDecodeError: return b
    return {(int(k[1]) if k[0] == 'i' else v(k)): v(x) for k, x in w[1]}
samples = [{n: v(w) for n, w in s} for s in json.loads(sys.stdin.read())]
`;

export type DjangoWriter = 'db' | 'signed_cookies' | 'pickle';

/** Django's own encoding of each sample (`secretKey` signs the JSON forms). */
export function djangoEncode(writer: DjangoWriter, samples: readonly Sample[], secretKey: string): Buffer[] {
  const encode = {
    db: `from django.contrib.sessions.backends.db import SessionStore\nenc = lambda i, d: SessionStore().encode(d).encode('latin-1')`,
    signed_cookies: `from django.core import signing\nfrom django.contrib.sessions.serializers import JSONSerializer\nenc = lambda i, d: signing.dumps(d, salt='django.contrib.sessions.backends.signed_cookies', serializer=JSONSerializer, compress=True).encode('latin-1')`,
    // Protocols 3–5: Django's PickleSerializer and pymemcache write the highest; protocol 2 can only
    // carry bytes through a GLOBAL (_codecs.encode), which the reader refuses by design.
    pickle: `enc = lambda i, d: pickle.dumps(d, protocol=3 + i % 3)`,
  }[writer];
  const code = `${PY_VALUE}
from django.conf import settings
settings.configure(SECRET_KEY=${JSON.stringify(secretKey)}, INSTALLED_APPS=['django.contrib.sessions'], SESSION_SERIALIZER='django.contrib.sessions.serializers.JSONSerializer')
import django
django.setup()
${encode}
print(json.dumps([base64.b64encode(enc(i, d)).decode() for i, d in enumerate(samples)]))
`;
  return (JSON.parse(runPython(code, JSON.stringify(samples.map(wire))).toString()) as string[]).map((b) => Buffer.from(b, 'base64'));
}
