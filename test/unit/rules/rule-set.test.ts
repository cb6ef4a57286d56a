import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IsauthError } from '../../../src/errors.js';
import { checkVariant, compileRules } from '../../../src/rules/index.js';
import { rec, sess } from './build.js';

const LARAVEL = { login_web_59ba36addc2b2f9401580f014c7f58ea4e30989d: 1 };

describe('compileRules', () => {
  it('uses @default without --auth', () => {
    const r = compileRules([], []);
    expect(r.decide(sess(LARAVEL))).toEqual({ variant: 'auth', state: '1' });
    expect(r.decide(sess({ __id: 5 }))).toEqual({ variant: 'auth', state: '1' });
    expect(r.decide(sess({ logged_in: true }))).toEqual({ variant: 'anon', state: '0' });
    expect(r.decide(sess())).toEqual({ variant: 'anon', state: '0' });
  });

  it('any --auth rule may match; given rules replace the default', () => {
    const r = compileRules(['logged_in', 'member|id!=null'], []);
    expect(r.decide(sess({ logged_in: 1 })).state).toBe('1');
    expect(r.decide(sess({ member: rec({ id: 0 }) })).state).toBe('1');
    expect(r.decide(sess(LARAVEL)).state).toBe('0');
  });

  it('checks variants first, first match wins, state stays independent', () => {
    const r = compileRules(['@laravel'], ['admin=user|role=admin', 'staff=user|role!=customer', 'fr=lang=fr']);
    expect(r.decide(sess({ ...LARAVEL, user: rec({ role: 'admin' }) }))).toEqual({ variant: 'admin', state: '1' });
    expect(r.decide(sess({ ...LARAVEL, user: rec({ role: 'editor' }) }))).toEqual({ variant: 'staff', state: '1' });
    expect(r.decide(sess({ ...LARAVEL, user: rec({ role: 'customer' }) }))).toEqual({ variant: 'auth', state: '1' });
    expect(r.decide(sess({ lang: 'fr' }))).toEqual({ variant: 'fr', state: '0' });
    expect(r.decide(sess({ user: rec({ role: 'customer' }) }))).toEqual({ variant: 'anon', state: '0' });
  });

  it('returns frozen shared verdicts', () => {
    const r = compileRules(['x'], []);
    const a = r.decide(sess({ x: 1 }));
    expect(Object.isFrozen(a)).toBe(true);
    expect(r.decide(sess({ x: 2 }))).toBe(a);
  });

  it('names its variants as trimmed by the parser (metrics use these names)', () => {
    expect(compileRules([], [' admin=role=admin', 'vip=tier=gold']).variantNames).toEqual(['admin', 'vip']);
  });

  it('reports the keys it reads', () => {
    const r = compileRules(['a|b', '@yii2'], ['v=c=1']);
    expect([...(r.topLevelKeys ?? [])].sort()).toEqual(['__id', 'a', 'c']);
    expect(r.needsKey('login_web_abc')).toBe(false); // no prefix rule
    expect(r.needsKey('a')).toBe(true);
    expect(r.needsKey('b')).toBe(false);

    const d = compileRules([], []);
    expect(d.topLevelKeys).toBeNull();
    expect(d.needsKey('login_web_')).toBe(true); // the prefix itself
    expect(d.needsKey('login_webx')).toBe(false);
    expect(d.needsKey('login_web_abc')).toBe(true);
    expect(d.needsKey('_sf2_attributes')).toBe(true);
    expect(d.needsKey('symfony/user/sfUser/authenticated')).toBe(true);
    expect(d.needsKey('_token')).toBe(false);
  });

  it('deciding with only the needed keys gives the same verdict (property)', () => {
    const r = compileRules(['@default', 'k1'], ['v=k2=1']);
    const keys = fc.constantFrom('k1', 'k2', 'k3', '__id', 'login_web_x', 'Auth', '_sf2_attributes', 'other');
    const vals = fc.constantFrom<import('../../../src/php/types.js').PhpValue>(null, 0, 1, '', 'x', true, rec({ User: 1 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(keys, vals)), (entries) => {
        const full = new Map<string, import('../../../src/php/types.js').PhpValue>(entries);
        const partial = new Map([...full].filter(([k]) => r.needsKey(k)));
        expect(r.decide(partial)).toEqual(r.decide(full));
      }),
    );
  });

  it.each([
    ['bypass=x', /reserved/], ['auth=x', /reserved/], ['anon=x', /reserved/], ['no-equals', /NAME=EXPR/],
    ['=x', /name/], ['bad name=x', /name/], ['é=x', /name/], [`${'a'.repeat(65)}=x`, /name/],
    ['ok=a||b', /empty key/], ['ok=@nope', /unknown preset/], ['ok=', /empty rule/],
  ])('rejects variant %j', (spec, msg) => {
    expect(checkVariant(spec)).toMatch(msg);
    expect(() => compileRules([], [spec])).toThrow(IsauthError);
  });

  it('accepts good variant names', () => {
    for (const v of ['admin=x', 'A_b-9=x', `${'a'.repeat(64)}=x`]) expect(checkVariant(v)).toBeUndefined();
  });

  it('throws RULE_SYNTAX / RULE_PRESET for bad --auth', () => {
    expect(() => compileRules(['a||b'], [])).toThrow(expect.objectContaining({ code: 'RULE_SYNTAX' }));
    expect(() => compileRules(['@nope'], [])).toThrow(expect.objectContaining({ code: 'RULE_PRESET' }));
  });
});
