/**
 * The SessionStore contract for `cookie:` (Django's signed_cookies: the session IS the cookie).
 * "Writing" a session is a browser sending it as the cookie value, so the key is the value;
 * nothing can be absent, stopped or hung, and only cookie octets (RFC 6265) can arrive. Plus:
 * a cookie real Django wrote comes back verbatim.
 */
import { describe, expect, it } from 'vitest';
import { createBareStore } from '../../../src/stores/factory.js';
import { STORE_OPTS, runStoreContract, type StoreEnv } from '../../contracts/session-store.js';
import { djangoSession, haveDjango } from '../../harness/django.js';

function cookieEnv(): StoreEnv {
  const sent = new Map<string, string>();
  return {
    store: createBareStore({ kind: 'cookie' }, STORE_OPTS),
    locate: (id) => {
      const key = sent.get(id) ?? id;
      return { key, placeBy: key };
    },
    write: async (sessions) => {
      for (const [id, bytes] of sessions) sent.set(id, Buffer.from(bytes).toString('latin1'));
    },
    plant: async () => false, // there is no medium
    cleanup: async () => undefined,
  };
}

describe('cookie', () => {
  runStoreContract('cookie', async () => cookieEnv(), { absent: false, empty: false, anyBytes: false, keyLimit: false, down: false, hung: false });

  it.runIf(haveDjango())('a signed cookie real Django wrote comes back verbatim', async () => {
    const { cookieValue } = djangoSession({ backend: 'signed_cookies', loggedIn: true, secretKey: 'cookie-contract' });
    const store = createBareStore({ kind: 'cookie' }, STORE_OPTS);
    expect(Buffer.from((await store.load(cookieValue, cookieValue, 1000))?.bytes ?? []).toString('latin1')).toBe(cookieValue);
    await store.close();
  });
});
