/**
 * The one runner of the stages, with fake stages: each stage's failure maps to its outcome
 * (no session, rejected → anon; store or data failure → bypass; anything else → INTERNAL), the
 * stage events reach the observer, and the trace records what each stage did. The real stages
 * are proven by their own suites and the integration tests.
 */
import { describe, expect, it } from 'vitest';
import { rejected, type CookieCodec } from '../../../src/cookie-codec/types.js';
import { DecodeError, IsauthError, RejectedError, type ErrorCode } from '../../../src/errors.js';
import type { PhpSession } from '../../../src/php/types.js';
import { createRunner, type Stages } from '../../../src/pipeline/runner.js';
import type { StageObserver, Trace } from '../../../src/pipeline/trace.js';
import { compileRules } from '../../../src/rules/index.js';
import type { SessionStore, StoredValue } from '../../../src/stores/types.js';

const bytes = (s: string) => Buffer.from(s, 'latin1');

/** Stages where each part can be replaced; the default reads `user=<name>` sessions by key `k:<id>`. */
function stages(over: Partial<Stages> & { load?: (key: string, placeBy: string) => Promise<StoredValue | null> } = {}): Stages {
  const data = new Map<string, string>([['k:ann', 'user=ann'], ['k:bob', 'cart=1']]);
  const store: SessionStore = {
    kind: 'fake',
    load: over.load ?? (async (key) => (data.has(key) ? { bytes: bytes(data.get(key)!), flags: 0 } : null)),
    verify: async () => undefined,
    close: async () => undefined,
  };
  const cookieCodec: CookieCodec = { decode: (raw) => (raw === '' ? undefined : raw === 'forged' ? rejected('COOKIE_SIGNATURE') : raw) };
  return {
    cookieCodec,
    keyScheme: { key: (id) => `k:${id}`, placeBy: 'id' },
    store,
    valueCodec: { decode: (b) => b },
    format: {
      decode(b): PhpSession {
        const [k, v] = Buffer.from(b).toString('latin1').split('=');
        return new Map([[k!, v!]]);
      },
    },
    rules: compileRules(['user'], []),
    timeoutMs: 100,
    ...over,
  };
}

function recorder() {
  const events: string[] = [];
  const observer: StageObserver = {
    storeRead: (s, ok) => void events.push(`read:${ok}:${s >= 0}`),
    storeError: (c) => void events.push(`store:${c}`),
    decodeError: (c) => void events.push(`decode:${c}`),
    cookieRejected: (c) => void events.push(`cookie:${c}`),
  };
  return { events, observer };
}

describe('createRunner', () => {
  it('decides through every stage: auth, anon, not found, no session', async () => {
    const r = createRunner(stages());
    expect(await r.decide('ann')).toMatchObject({ variant: 'auth', state: '1', reason: 'decided' });
    expect(await r.decide('bob')).toMatchObject({ variant: 'anon', state: '0', reason: 'decided' });
    expect(await r.decide('nobody')).toMatchObject({ variant: 'anon', state: '0', reason: 'not-found' });
    expect(await r.decide(undefined)).toMatchObject({ variant: 'anon', reason: 'no-session' });
    expect(await r.decide('')).toMatchObject({ variant: 'anon', reason: 'no-session' });
  });

  it("a cookie codec's rejection is anon, counted, and never reaches the store", async () => {
    const seen: string[] = [];
    const { events, observer } = recorder();
    const r = createRunner(stages({ load: async (key) => (seen.push(key), null) }), observer);
    expect(await r.decide('forged')).toMatchObject({ variant: 'anon', state: '0', reason: 'cookie-rejected', code: 'COOKIE_SIGNATURE' });
    expect(seen).toEqual([]);
    expect(events).toEqual(['cookie:COOKIE_SIGNATURE']);
  });

  it('a RejectedError from a stage after the store (the stored data proves the cookie forged) is anon, counted', async () => {
    const { events, observer } = recorder();
    const refs: (string | undefined)[] = [];
    const r = createRunner(
      stages({
        format: {
          decode(_b, ref) {
            refs.push(ref);
            throw new RejectedError('COOKIE_SIGNATURE', 'hmac');
          },
        },
      }),
      observer,
    );
    expect(await r.decide('ann')).toMatchObject({ variant: 'anon', reason: 'cookie-rejected', code: 'COOKIE_SIGNATURE' });
    expect(refs).toEqual(['ann']); // the format got the validated reference
    expect(events).toEqual(['read:true:true', 'cookie:COOKIE_SIGNATURE']);
  });

  const storeFailures: [string, () => never, ErrorCode, string][] = [
    ['a store error', () => { throw new IsauthError('STORE_TIMEOUT'); }, 'STORE_TIMEOUT', 'store-error'],
    ['a bug in the store', () => { throw new TypeError('x is undefined'); }, 'INTERNAL', 'internal-error'],
  ];
  it.each(storeFailures)('%s: bypass, unknown, counted', async (_what, fail, code, reason) => {
    const { events, observer } = recorder();
    const r = createRunner(stages({ load: async () => fail() }), observer);
    expect(await r.decide('ann')).toEqual({ variant: 'bypass', state: 'unknown', reason, code });
    expect(events).toEqual(['read:false:true', `store:${code}`]);
  });

  const dataFailures: [string, Partial<Stages>, ErrorCode, string][] = [
    ['a decode error', { format: { decode: () => { throw new DecodeError('DECODE_SYNTAX', 3); } } }, 'DECODE_SYNTAX', 'decode-error'],
    ['a value codec error', { valueCodec: { decode: () => { throw new IsauthError('VALUE_FLAGS'); } } }, 'VALUE_FLAGS', 'decode-error'],
    ['a bug in the format', { format: { decode: () => { throw new RangeError('oops'); } } }, 'INTERNAL', 'internal-error'],
    ['a bug in the rules', { rules: { ...compileRules(['user'], []), decide: () => { throw new Error('bug'); } } }, 'INTERNAL', 'internal-error'],
  ];
  it.each(dataFailures)('%s: bypass, unknown, counted — never a guessed variant', async (_what, over, code, reason) => {
    const { events, observer } = recorder();
    const r = createRunner(stages(over), observer);
    expect(await r.decide('ann')).toEqual({ variant: 'bypass', state: 'unknown', reason, code });
    expect(events).toEqual(['read:true:true', `decode:${code}`]);
  });

  it('placement hashes the bare id or the whole key, as the key scheme says', async () => {
    const calls: [string, string][] = [];
    const load = async (key: string, placeBy: string) => (calls.push([key, placeBy]), null);
    await createRunner(stages({ load })).decide('ann');
    await createRunner(stages({ load, keyScheme: { key: (id) => `k:${id}`, placeBy: 'key' } })).decide('ann');
    expect(calls).toEqual([['k:ann', 'ann'], ['k:ann', 'k:ann']]);
  });

  it('a trace records what each stage did, and the session; the hot path passes none', async () => {
    const r = createRunner(stages());
    const t: Trace = {};
    await r.decide('ann', t);
    expect(t).toMatchObject({ id: 'ann', key: 'k:ann', placeBy: 'ann', storedBytes: 8, flags: 0, sessionBytes: 8 });
    expect(t.session).toEqual(new Map([['user', 'ann']]));
    expect(t.readMs).toBeGreaterThanOrEqual(0);
    const failed: Trace = {};
    await createRunner(stages({ load: async () => { throw new IsauthError('STORE_UNAVAILABLE', 'redis: ECONNREFUSED'); } })).decide('ann', failed);
    expect(failed).toMatchObject({ id: 'ann', error: 'redis: ECONNREFUSED' });
    expect(failed.session).toBeUndefined();
  });

  it('outcomes are shared frozen objects: the hot path allocates none per decision', async () => {
    const r = createRunner(stages());
    expect(await r.decide('ann')).toBe(await r.decide('ann'));
    expect(Object.isFrozen(await r.decide('nobody'))).toBe(true);
  });
});
