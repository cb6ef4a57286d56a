import { describe, expect, it } from 'vitest';
import { IsauthError } from '../../../src/errors.js';
import { PhpFloat } from '../../../src/php/types.js';
import { checkRule, compileExpression } from '../../../src/rules/expression.js';
import { arr, obj, rec, sess } from './build.js';

const S = sess({
  user: rec({ role: 'admin', id: '42', flags: arr([0, 'beta']) }),
  uid: 7,
  active: true,
  zero: '0',
  empty: arr(),
  nan: new PhpFloat(NaN),
  'symfony/user/sfUser/authenticated': true,
  'a b': 'spaced',
  me: obj('App\\Me', { '\0App\\Me\0name': 'Zoë' }),
});

const match = (expr: string) => compileExpression(expr).test(S);

describe('compileExpression', () => {
  it.each<[string, boolean]>([
    ['user', true], ['active', true], ['zero', false], ['empty', false], ['nan', true], ['absent', false],
    ['symfony/user/sfUser/authenticated', true], ['user|role', true], ['user|nope', false],
    ['user|flags|0', true], ['user|flags|1', false], ['me|name', true],
    ['user|role=admin', true], ['user|role=editor', false], ['user|role="admin"', true],
    ['user|id=42', true], ['user|id="42"', true], ['uid=7', true], ['uid="7"', false], ['uid=8', false],
    ['active=true', true], ['active=1', false], ['me|name=Zoë', true],
    ['user|role!=editor', true], ['user|role!=admin', false], ['absent!=admin', false], ['absent=null', false],
    ['  user|role=admin  ', true], ['a b=spaced', true], ['a b', true],
  ])('%s → %s', (expr, want) => {
    expect(match(expr)).toBe(want);
  });

  it('reports the keys it reads', () => {
    expect(compileExpression('user|role=admin').keys).toEqual(['user']);
    expect(compileExpression('@laravel').prefixes).toEqual(['login_web_']);
  });

  it.each([
    ['', 'RULE_SYNTAX'], ['   ', 'RULE_SYNTAX'], ['a||b', 'RULE_SYNTAX'], ['|a', 'RULE_SYNTAX'], ['a|', 'RULE_SYNTAX'],
    ['=x', 'RULE_SYNTAX'], ['!=x', 'RULE_SYNTAX'], ['a=', 'RULE_SYNTAX'], ['a="x', 'RULE_SYNTAX'],
    ['a=99999999999999999999', 'RULE_SYNTAX'], ['@nope', 'RULE_PRESET'], ['@', 'RULE_PRESET'],
    ['@Laravel', 'RULE_PRESET'], ['@toString', 'RULE_PRESET'], ['@__proto__', 'RULE_PRESET'],
  ])('rejects %j with %s', (expr, code) => {
    let err: unknown;
    try {
      compileExpression(expr);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IsauthError);
    expect((err as IsauthError).code).toBe(code);
    expect(checkRule(expr)).toBe((err as IsauthError).message);
  });

  it('checkRule accepts valid rules', () => {
    for (const r of ['@default', '@laravel', 'x', 'x|y=1', 'x!=null']) expect(checkRule(r)).toBeUndefined();
  });

  it('names the rule and the problem in messages', () => {
    expect(checkRule('a||b')).toMatch(/"a\|\|b".*empty key/);
    expect(checkRule('@nope')).toMatch(/@nope.*known: .*@laravel/);
  });
});
