/**
 * The ValueCodec contract for `pymemcacheCodec`: what Django's PyMemcacheCache stores through
 * pymemcache's own pickle_serde — bytes (flags 0) and the session dict, pickled (flags 1) — passed
 * on unchanged for the session format to read.
 */
import { describe } from 'vitest';
import { pymemcacheCodec } from '../../../src/value-codec/pymemcache.js';
import { runValueCodecContract } from '../../contracts/value-codec.js';
import { haveDjango, runPython } from '../../harness/django.js';

describe.runIf(haveDjango('pymemcache'))('pymemcache', () => {
  runValueCodecContract(
    'pymemcacheCodec',
    () => {
      const out = JSON.parse(
        runPython(
          `import base64, json\nfrom pymemcache.serde import pickle_serde\nr = []\n` +
            `for v in [b'raw bytes', {'_auth_user_id': '42', 'n': [1, 2.5, None]}]:\n` +
            `    data, flags = pickle_serde.serialize('k', v)\n    r.append([base64.b64encode(data).decode(), flags])\n` +
            `print(json.dumps(r))`,
        ).toString(),
      ) as Array<[string, number]>;
      return {
        codec: pymemcacheCodec(),
        written: out.map(([b64, flags]) => ({ bytes: Buffer.from(b64, 'base64'), flags, plain: Buffer.from(b64, 'base64') })),
        acceptsFlags: (f) => f === 0 || f === 1,
      };
    },
    { structured: false, bombs: false },
  );
});
