import { describe, expect, it } from 'vitest';
import { PhpBytes, PhpFloat, type PhpValue } from '../../../src/php/types.js';
import { compileEquals, parseLiteral, type Literal } from '../../../src/rules/value.js';

describe('parseLiteral', () => {
  it.each<[string, Literal]>([
    ['true', { kind: 'bool', value: true }],
    ['false', { kind: 'bool', value: false }],
    ['null', { kind: 'null' }],
    ['0', { kind: 'int', value: 0n }],
    ['-42', { kind: 'int', value: -42n }],
    ['9223372036854775807', { kind: 'int', value: 9223372036854775807n }],
    ['admin', { kind: 'string', value: 'admin' }],
    ['05', { kind: 'string', value: '05' }],
    ['-0', { kind: 'string', value: '-0' }],
    ['1.5', { kind: 'string', value: '1.5' }],
    ['a=b|c', { kind: 'string', value: 'a=b|c' }],
    ['"true"', { kind: 'string', value: 'true' }],
    ['"5"', { kind: 'string', value: '5' }],
    ['""', { kind: 'string', value: '' }],
    ['"say \\"hi\\" \\\\o/"', { kind: 'string', value: 'say "hi" \\o/' }],
    ['TRUE', { kind: 'string', value: 'TRUE' }],
  ])('%s', (text, want) => {
    expect(parseLiteral(text)).toEqual(want);
  });

  it.each(['', '"', '"abc', '"a"b"', '"\\n"', '"abc\\"', '9223372036854775808', '-9223372036854775809'])(
    'rejects %j',
    (text) => expect(typeof parseLiteral(text)).toBe('string'),
  );
});

const eq = (text: string, v: PhpValue) => {
  const lit = parseLiteral(text);
  if (typeof lit === 'string') throw new Error(lit);
  return compileEquals(lit)(v);
};

describe('compileEquals', () => {
  it.each<[string, PhpValue, boolean]>([
    ['true', true, true], ['true', 1, false], ['true', '1', false], ['true', 'true', false],
    ['false', false, true], ['false', 0, false], ['false', null, false],
    ['null', null, true], ['null', false, false], ['null', '', false], ['null', 'null', false],
    ['5', 5, true], ['5', '5', true], ['5', 5n, true], ['5', new PhpFloat(5), false], ['5', true, false],
    ['5', '05', false], ['5', '5.0', false], ['5', ' 5', false], ['5', 6, false],
    ['-1', -1, true], ['-1', '-1', true],
    ['9223372036854775807', 9223372036854775807n, true], ['9223372036854775807', '9223372036854775807', true],
    ['9007199254740993', 9007199254740992, false],
    ['admin', 'admin', true], ['admin', 'Admin', false], ['admin', 'admin ', false],
    ['"5"', '5', true], ['"5"', 5, false], ['""', '', true], ['""', null, false],
    ['admin', new PhpBytes(new TextEncoder().encode('admin')), false],
    ['0', 0, true], ['0', false, false], ['0', '0', true], ['0', '', false],
  ])('%s vs %o → %s', (text, v, want) => {
    expect(eq(text, v)).toBe(want);
  });
});
