import { describe, expect, it } from 'vitest';
import { compileRules } from '../../../src/rules/index.js';
import { rec, sess } from './build.js';

describe('RuleSet.explain', () => {
  const rules = compileRules(['user|id', 'admin=true'], ['staff=user|role=admin', 'beta=flags|beta']);

  it('names the first --auth rule and --variant that matched, with the values looked at', () => {
    const s = sess({ user: rec({ id: 5, role: 'admin' }) });
    const x = rules.explain(s);
    expect([x.auth, x.variant]).toEqual(['user|id', 'staff=user|role=admin']);
    expect(x.looked).toEqual([
      { path: 'user|id', value: 5 },
      { path: 'admin', value: undefined },
      { path: 'user|role', value: 'admin' },
      { path: 'flags|beta', value: undefined },
    ]);
    expect(rules.decide(s)).toEqual({ variant: 'staff', state: '1' });
  });

  it('says none matched, and agrees with decide()', () => {
    const s = sess({ user: rec({ id: 0 }) });
    const x = rules.explain(s);
    expect([x.auth, x.variant]).toEqual([null, null]);
    expect(x.looked[0]).toEqual({ path: 'user|id', value: 0 });
    expect(rules.decide(s)).toEqual({ variant: 'anon', state: '0' });
  });

  it('for presets lists the top-level keys and prefixes they read', () => {
    const r = compileRules(['@laravel', '@yii2'], []);
    const x = r.explain(sess({ login_web_abc: 3, other: 1 }));
    expect(x.auth).toBe('@laravel');
    expect(x.looked).toEqual([
      { path: 'login_web_abc', value: 3 },
      { path: '__id', value: undefined },
    ]);
    expect(r.explain(sess()).looked).toEqual([
      { path: 'login_web_*', value: undefined },
      { path: '__id', value: undefined },
    ]);
  });
});
