import { describe, expect, it } from 'vitest';
import { cookieName, headerNameOrEmpty, integer, Invalid, listenAddress, octalMode, oneOf } from '../../../src/options/values.js';

const ok = <T>(v: T | Invalid): T => {
  if (v instanceof Invalid) throw new Error(v.message);
  return v;
};

describe('listenAddress', () => {
  it.each([
    ['127.0.0.1:9180', { host: '127.0.0.1', port: 9180 }],
    ['0.0.0.0:1', { host: '0.0.0.0', port: 1 }],
    ['localhost:65535', { host: 'localhost', port: 65535 }],
    ['[::1]:9180', { host: '::1', port: 9180 }],
    ['[::]:80', { host: '::', port: 80 }],
    ['unix:/run/isauth.sock', { path: '/run/isauth.sock' }],
  ])('%s', (raw, want) => expect(ok(listenAddress(raw))).toEqual(want));

  it.each(['9180', ':9180', 'host:', 'host:0', 'host:65536', 'host:123456', 'unix:rel.sock', 'unix:', 'a b:80', '[]:80', '[host]:80', '::1:80', 'h:80:90', 'http://h:80'])(
    'rejects %j',
    (raw) => expect(listenAddress(raw)).toBeInstanceOf(Invalid),
  );
});

describe('integer', () => {
  const p = integer(1, 60000, 'milliseconds');
  it('accepts the range', () => {
    expect(p('1')).toBe(1);
    expect(p('60000')).toBe(60000);
  });
  it.each(['0', '60001', '-1', '1.5', '1e3', ' 5', '5 ', '', 'abc', '0x10', '99999999999999999'])('rejects %j', (raw) => {
    const v = p(raw);
    expect(v).toBeInstanceOf(Invalid);
    expect((v as Invalid).message).toBe(`must be an integer between 1 and 60000 (milliseconds) (got ${JSON.stringify(raw)})`);
  });
});

describe('small parsers', () => {
  it('octalMode', () => {
    expect(octalMode('0666')).toBe(0o666);
    expect(octalMode('660')).toBe(0o660);
    for (const bad of ['0999', '66', '06666', 'rw', '']) expect(octalMode(bad)).toBeInstanceOf(Invalid);
  });
  it('oneOf', () => {
    expect(oneOf(['a', 'b'])('b')).toBe('b');
    expect(oneOf(['a', 'b'])('A')).toBeInstanceOf(Invalid);
  });
  it('cookieName', () => {
    for (const good of ['PHPSESSID', 'laravel_session', 'SESS-1.x', 'a']) expect(cookieName(good)).toBe(good);
    for (const bad of ['', 'a b', 'a=b', 'a;b', 'a,b', '"a"', '123', 'é', 'x'.repeat(129)]) expect(cookieName(bad)).toBeInstanceOf(Invalid);
  });
  it('headerNameOrEmpty', () => {
    for (const good of ['X-Session-Id', '']) expect(headerNameOrEmpty(good)).toBe(good);
    for (const bad of ['X Session', 'X:1', 'é']) expect(headerNameOrEmpty(bad)).toBeInstanceOf(Invalid);
  });
});
