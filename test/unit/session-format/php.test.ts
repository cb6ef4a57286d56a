import { describe, expect, it } from 'vitest';
import { phpFormat } from '../../../src/session-format/php.js';
import { decodeSession } from '../../../src/php/session.js';
import { compileRules } from '../../../src/rules/index.js';

const B = (s: string) => Buffer.from(s, 'latin1');
const LARAVEL_KEY = 'login_web_59ba36addc2b2f9401580f014c7f58ea4e30989d';

describe('phpFormat', () => {
  const rules = compileRules([], []); // @default: exact keys plus the login_web_ prefix
  const format = phpFormat('php_serialize', {
    maxDepth: 64,
    wanted: rules.topLevelKeys ?? { has: rules.needsKey },
  });
  const decode = (bytes: Uint8Array) => format.decode(bytes);
  const loggedIn = B(`a:3:{s:6:"_token";s:3:"abc";s:9:"_previous";a:1:{s:3:"url";s:1:"/";}s:${LARAVEL_KEY.length}:"${LARAVEL_KEY}";i:5;}`);
  const guest = B('a:2:{s:6:"_token";s:3:"abc";s:9:"_previous";a:1:{s:3:"url";s:1:"/";}}');

  it('builds only the variables the rules read, including prefix matches', () => {
    expect(rules.topLevelKeys).toBeNull(); // the prefix forces the predicate path
    expect([...decode(loggedIn).keys()]).toEqual([LARAVEL_KEY]);
    expect([...decode(guest).keys()]).toEqual([]);
  });

  it('decides exactly as a full decode does', () => {
    for (const bytes of [loggedIn, guest]) {
      expect(rules.decide(decode(bytes))).toEqual(rules.decide(decodeSession(bytes, 'php_serialize')));
    }
    expect(rules.decide(decode(loggedIn)).variant).toBe('auth');
    expect(rules.decide(decode(guest)).variant).toBe('anon');
  });

  it('still validates the variables it skips', () => {
    expect(() => decode(B('a:2:{s:6:"_token";s:99:"abc";s:1:"x";i:1;}'))).toThrow(/DECODE_/);
  });
});
