import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PhpBytes, PhpEnum, PhpFloat, PhpSerializable, type PhpValue } from '../../../src/php/types.js';
import { isTruthy } from '../../../src/rules/truthy.js';
import { havePhpExtensions, runPhp } from '../../harness/php.js';
import { arr, obj } from './build.js';

/** [value, PHP literal producing the same value, expected (bool)]. */
const TABLE: [PhpValue, string, boolean][] = [
  [null, 'null', false],
  [false, 'false', false],
  [true, 'true', true],
  [0, '0', false],
  [1, '1', true],
  [-1, '-1', true],
  [0n, '0', false],
  [2n ** 62n, '4611686018427387904', true],
  [new PhpFloat(0), '0.0', false],
  [new PhpFloat(-0), '-0.0', false],
  [new PhpFloat(NaN), 'NAN', true],
  [new PhpFloat(0.1), '0.1', true],
  [new PhpFloat(Infinity), 'INF', true],
  ['', "''", false],
  ['0', "'0'", false],
  ['0.0', "'0.0'", true],
  ['00', "'00'", true],
  [' ', "' '", true],
  ['false', "'false'", true],
  [new PhpBytes(new Uint8Array([])), "''", false],
  [new PhpBytes(new Uint8Array([0x30])), "'0'", false],
  [new PhpBytes(new Uint8Array([0xff])), '"\\xff"', true],
  [new PhpBytes(new Uint8Array([0x30, 0x30])), "'00'", true],
  [arr(), '[]', false],
  [arr([0, null]), '[null]', true],
  [obj('stdClass', {}), 'new stdClass', true],
  [new PhpSerializable('ArrayObject', new Uint8Array()), 'new ArrayObject([])', true],
];

describe('isTruthy', () => {
  it.each(TABLE.map(([v, php, want]) => [php, v, want] as const))('(bool)%s', (_php, v, want) => {
    expect(isTruthy(v)).toBe(want);
  });

  it('treats enum cases as true', () => {
    expect(isTruthy(new PhpEnum('Suit', 'Hearts'))).toBe(true);
  });

  it('strings: false exactly for "" and "0"', () => {
    fc.assert(fc.property(fc.string(), (s) => isTruthy(s) === !(s === '' || s === '0')));
  });

  it('ints: false exactly for zero, as number or bigint', () => {
    fc.assert(fc.property(fc.integer(), (n) => isTruthy(n) === (n !== 0)));
    fc.assert(fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (n) => isTruthy(n) === (n !== 0n)));
  });

  it('floats: false exactly for ±0 (NaN is true)', () => {
    fc.assert(fc.property(fc.double(), (d) => isTruthy(new PhpFloat(d)) === !(d === 0)));
  });

  it('arrays: false exactly when empty, whatever the entries hold', () => {
    const entries = fc.array(fc.tuple(fc.oneof(fc.string(), fc.integer()), fc.constantFrom<PhpValue>(null, false, 0, '')));
    fc.assert(fc.property(entries, (es) => isTruthy(new Map(es)) === new Map(es).size > 0));
  });

  it('objects: always true', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.constantFrom<PhpValue>(null, false, 0)), (props) => isTruthy(obj('X', props))));
  });

  // Ground truth: the same table through real php-cli, when it is installed.
  it.runIf(havePhpExtensions())('agrees with php-cli on the table', () => {
    const code = `foreach ([${TABLE.map(([, php]) => php).join(', ')}] as $v) echo $v ? '1' : '0';`;
    const got = runPhp(code).toString();
    expect(got).toBe(TABLE.map(([, , want]) => (want ? '1' : '0')).join(''));
  });
});
