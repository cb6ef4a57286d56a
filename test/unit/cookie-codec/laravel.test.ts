/**
 * The Laravel session cookie codec against cookies made by Laravel 8.83 itself (EncryptCookies
 * driven through test/harness/laravel.ts, and the real Encrypter/CookieValuePrefix for crafted
 * plaintexts), then tampered with in every field.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { laravelCookieCodec, parseAppKey, MAX_COOKIE_LENGTH } from '../../../src/cookie-codec/laravel.js';
import { isRejected } from '../../../src/cookie-codec/types.js';
import type { CookieCodec, CookieRejected } from '../../../src/cookie-codec/types.js';
import { IsauthError } from '../../../src/errors.js';
import { haveLaravel, laravelEncrypt, laravelSession } from '../../harness/laravel.js';
import type { LaravelCipher, LaravelSessionResult } from '../../harness/laravel.js';
import { tempDir } from '../../harness/servers.js';

const key32 = (): string => `base64:${randomBytes(32).toString('base64')}`;
const key16 = (): string => `base64:${randomBytes(16).toString('base64')}`;
const NAME = 'laravel_session';
const SIGNATURE = { rejected: 'COOKIE_SIGNATURE' };
const MALFORMED = { rejected: 'COOKIE_MALFORMED' };

type Json = Record<string, unknown>;
const unpack = (cookie: string): Json => JSON.parse(Buffer.from(decodeURIComponent(cookie), 'base64').toString()) as Json;
const pack = (o: unknown): string => encodeURIComponent(Buffer.from(JSON.stringify(o)).toString('base64'));
/** Change one base64 character in the middle (stays valid base64 of the same length). */
const flipB64 = (s: string): string => {
  const i = Math.floor(s.length / 2);
  return s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
};

/** decode() must never throw; returns what it returned. */
function decode(codec: CookieCodec, raw: string): string | CookieRejected | undefined {
  return codec.decode(raw);
}

describe('parseAppKey', () => {
  it('reads base64: keys and raw keys of 16 or 32 bytes', () => {
    const k = randomBytes(32);
    expect(parseAppKey(`base64:${k.toString('base64')}`)).toEqual(k);
    expect((parseAppKey(key16()) as Buffer).length).toBe(16);
    expect(parseAppKey('0123456789abcdef0123456789abcdef')).toEqual(Buffer.from('0123456789abcdef0123456789abcdef'));
    expect((parseAppKey('0123456789abcdef') as Buffer).length).toBe(16);
  });

  it('answers a message (never the key) for keys Laravel would refuse', () => {
    for (const bad of ['', 'short', 'base64:', 'base64:***', `base64:${randomBytes(24).toString('base64')}`, 'x'.repeat(33)]) {
      const r = parseAppKey(bad);
      expect(typeof r, bad).toBe('string');
      if (bad.length > 8) expect(r).not.toContain(bad.slice(8));
    }
  });

  it('makes the codec constructor throw CONFIG_INVALID', () => {
    expect(() => laravelCookieCodec({ keys: ['nope'], cookieName: NAME })).toThrow(IsauthError);
    expect(() => laravelCookieCodec({ keys: [], cookieName: NAME })).toThrow(/at least one/);
  });
});

describe.runIf(haveLaravel())('laravelCookieCodec with cookies from Laravel 8', () => {
  const dir = tempDir('laravel-cookie');
  const keys = { cbc256: key32(), cbc128: key16(), gcm256: key32(), gcm128: key16(), other: key32() };
  const real: Record<string, LaravelSessionResult> = {};
  const ciphers: [keyof typeof keys, LaravelCipher][] = [
    ['cbc256', 'AES-256-CBC'], ['cbc128', 'AES-128-CBC'], ['gcm256', 'AES-256-GCM'], ['gcm128', 'AES-128-GCM'],
  ];

  beforeAll(() => {
    for (const [k, cipher] of ciphers) {
      real[k] = laravelSession({ driver: 'file', filesDir: dir, appKey: keys[k], cipher, loggedIn: true });
    }
  });

  it.each(ciphers)('%s: the cookie decrypts to the session id Laravel stored', (k) => {
    const r = real[k]!;
    expect(r.cookieName).toBe(NAME);
    expect(r.sessionId).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(decode(laravelCookieCodec({ keys: [keys[k]], cookieName: NAME }), r.cookieValue)).toBe(r.sessionId);
  });

  it('tells CBC from GCM by the payload, and can be restricted to one mode', () => {
    expect(unpack(real.cbc256!.cookieValue).tag).toBe('');
    expect(unpack(real.gcm256!.cookieValue).mac).toBe('');
    const cbcOnly = laravelCookieCodec({ keys: [keys.gcm256], cookieName: NAME, modes: ['cbc'] });
    expect(decode(cbcOnly, real.gcm256!.cookieValue)).toEqual(MALFORMED);
    const gcmOnly = laravelCookieCodec({ keys: [keys.cbc256], cookieName: NAME, modes: ['gcm'] });
    expect(decode(gcmOnly, real.cbc256!.cookieValue)).toEqual(MALFORMED);
  });

  it('tries every key in order (rotation); a key not in the list is COOKIE_SIGNATURE', () => {
    for (const [k] of ciphers) {
      const r = real[k]!;
      const size = k.endsWith('128') ? key16 : key32;
      expect(decode(laravelCookieCodec({ keys: [size(), keys[k]], cookieName: NAME }), r.cookieValue)).toBe(r.sessionId);
      expect(decode(laravelCookieCodec({ keys: [key32(), key16()], cookieName: NAME }), r.cookieValue)).toEqual(SIGNATURE);
    }
  });

  it('refuses the value under another cookie name (the CookieValuePrefix binds it)', () => {
    const codec = laravelCookieCodec({ keys: [keys.cbc256], cookieName: 'shop_session' });
    expect(decode(codec, real.cbc256!.cookieValue)).toEqual(SIGNATURE);
  });

  it('refuses a wrong or missing prefix and ids Laravel would not accept', () => {
    const id = real.cbc256!.sessionId;
    const [noPrefix, otherName, serialized, short, dashed, long, good] = laravelEncrypt([
      { key: keys.cbc256, cipher: 'AES-256-CBC', plain: id },
      { key: keys.cbc256, cipher: 'AES-256-CBC', plain: id, cookieName: 'XSRF-TOKEN' },
      { key: keys.cbc256, cipher: 'AES-256-CBC', plain: id, serialize: true },
      { key: keys.cbc256, cipher: 'AES-256-CBC', plain: 'abc', cookieName: NAME },
      { key: keys.cbc256, cipher: 'AES-256-CBC', plain: `${id.slice(0, 39)}-`, cookieName: NAME },
      { key: keys.cbc256, cipher: 'AES-256-CBC', plain: `${id}x`, cookieName: NAME },
      { key: keys.cbc256, cipher: 'AES-256-CBC', plain: id, cookieName: NAME },
    ]).map(encodeURIComponent);
    const codec = laravelCookieCodec({ keys: [keys.cbc256], cookieName: NAME });
    expect(decode(codec, good!)).toBe(id);
    for (const c of [noPrefix, otherName, serialized]) expect(decode(codec, c!)).toEqual(SIGNATURE);
    for (const c of [short, dashed, long]) expect(decode(codec, c!)).toEqual(MALFORMED);
  });

  it('refuses a tampered mac, iv, value or tag with COOKIE_SIGNATURE', () => {
    for (const [k] of ciphers) {
      const codec = laravelCookieCodec({ keys: [keys[k]], cookieName: NAME });
      const p = unpack(real[k]!.cookieValue);
      const fields = k.startsWith('gcm') ? ['iv', 'value', 'tag'] : ['iv', 'value', 'mac'];
      for (const f of fields) {
        const s = p[f] as string;
        const changed = f === 'mac' ? s.slice(0, 10) + (s[10] === '0' ? '1' : '0') + s.slice(11) : flipB64(s);
        expect(decode(codec, pack({ ...p, [f]: changed })), `${k} ${f}`).toEqual(SIGNATURE);
      }
      // another key's untampered payload in the same shape
      const otherIv = randomBytes(k.startsWith('gcm') ? 12 : 16).toString('base64');
      expect(decode(codec, pack({ ...p, iv: otherIv }))).toEqual(SIGNATURE);
    }
  });

  it('refuses payloads not in the format with COOKIE_MALFORMED, never throwing', () => {
    const codec = laravelCookieCodec({ keys: [keys.cbc256], cookieName: NAME });
    const p = unpack(real.cbc256!.cookieValue);
    const bad: unknown[] = [
      null, 42, 'text', [p.iv, p.value, p.mac], {}, { ...p, iv: 1 }, { ...p, value: [] }, { ...p, mac: null },
      { iv: p.iv, value: p.value }, { ...p, mac: (p.mac as string).toUpperCase().replace(/[0-9]/g, 'G') },
      { ...p, mac: (p.mac as string).slice(1) }, { ...p, iv: randomBytes(15).toString('base64') },
      { ...p, iv: `${p.iv as string}=` }, { ...p, value: '' }, { ...p, tag: 'AAAA' }, { ...p, tag: 7 },
    ];
    for (const b of bad) expect(decode(codec, pack(b)), JSON.stringify(b)).toEqual(MALFORMED);
    const raw = real.cbc256!.cookieValue;
    for (const s of ['!!!', '%zz', '%C3%A9', 'eyJ%', raw.replace(/%3D$/, '=='), `${raw}AAAA`, 'a'.repeat(MAX_COOKIE_LENGTH + 1),
      'A'.repeat(1_000_000), Buffer.from('{"iv":"x"').toString('base64')]) {
      expect(decode(codec, s), s.slice(0, 30)).toEqual(MALFORMED);
    }
    for (let n = 1; n < raw.length; n += 7) {
      const r = decode(codec, raw.slice(0, n));
      expect(isRejected(r), `truncated at ${n}`).toBe(true);
    }
    expect(decode(codec, '')).toBeUndefined();
  });

  it('accepts the payload with a missing tag field (Laravel before 8.x wrote none)', () => {
    const codec = laravelCookieCodec({ keys: [keys.cbc256], cookieName: NAME });
    const { tag: _t, ...p } = unpack(real.cbc256!.cookieValue);
    expect(decode(codec, pack(p))).toBe(real.cbc256!.sessionId);
  });
});

describe('laravelCookieCodec on arbitrary input (fast-check)', () => {
  const codec = laravelCookieCodec({ keys: [key32(), key16()], cookieName: NAME });
  const notAnId = (r: unknown): boolean => r === undefined || isRejected(r as CookieRejected);

  it('never throws and never yields an id for arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 600 }), (s) => notAnId(codec.decode(s))), { numRuns: 2000 });
    fc.assert(fc.property(fc.base64String({ maxLength: 800 }), (s) => notAnId(codec.decode(s))), { numRuns: 1000 });
  });

  it('never throws and never yields an id for well-shaped payloads with arbitrary fields', () => {
    const field = fc.oneof(fc.base64String({ maxLength: 64 }), fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }), fc.anything());
    const payload = fc.record({ iv: field, value: field, mac: field, tag: fc.oneof(fc.constant(''), field) }, { requiredKeys: [] });
    fc.assert(fc.property(payload, (o) => notAnId(codec.decode(pack(o)))), { numRuns: 1000 });
  });
});
