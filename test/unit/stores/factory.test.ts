import { describe, expect, it } from 'vitest';
import { IsauthError } from '../../../src/errors.js';
import { createStore } from '../../../src/stores/factory.js';
import { openStore } from '../../../src/stores/open.js';
import type { StoreSpec } from '../../../src/stores/types.js';

describe('createStore', () => {
  it('builds the store of the spec kind', async () => {
    const store = createStore({ kind: 'files', dir: '/nonexistent', depth: 0 }, { maxAgeSeconds: 1, maxBytes: 1 });
    expect(store.kind).toBe('files');
    await store.close();
    const mc = createStore({ kind: 'memcached', servers: [{ host: '127.0.0.1', port: 1, weight: 1 }], prefix: '', distribution: 'ketama' }, { maxAgeSeconds: 1, maxBytes: 1 });
    expect(mc.kind).toBe('memcached');
    await mc.close();
  });
  it('an unknown kind → IsauthError STORE_URL', () => {
    const bad = { kind: 'mysql' } as unknown as StoreSpec;
    expect(() => createStore(bad, { maxAgeSeconds: 1, maxBytes: 1 })).toThrow(IsauthError);
    try {
      createStore(bad, { maxAgeSeconds: 1, maxBytes: 1 });
    } catch (e) {
      expect((e as IsauthError).code).toBe('STORE_URL');
    }
  });
});

describe('openStore (imports only the kind opened)', () => {
  it('builds the same kinds as createStore, and refuses an unknown kind with STORE_URL', async () => {
    const files = await openStore({ kind: 'files', dir: '/nonexistent', depth: 0 }, { maxAgeSeconds: 1, maxBytes: 1 });
    expect(files.kind).toBe('files');
    await files.close();
    const mc = await openStore({ kind: 'memcached', servers: [{ host: '127.0.0.1', port: 1, weight: 1 }], prefix: '', distribution: 'ketama' }, { maxAgeSeconds: 1, maxBytes: 1 });
    expect(mc.kind).toBe('memcached');
    await mc.close();
    const err = await openStore({ kind: 'mysql' } as unknown as StoreSpec, { maxAgeSeconds: 1, maxBytes: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IsauthError);
    expect((err as IsauthError).code).toBe('STORE_URL');
  });
});
