import { describe, expect, it } from 'vitest';
import { parseStoreUrl } from '../../../src/stores/url.js';
import { buildSelect } from '../../../src/stores/sql/schema.js';
import type { SqlStoreSpec } from '../../../src/stores/sql/spec.js';
import { drupalHashBase64 } from '../../../src/store-key/drupal.js';
import { base64Codec } from '../../../src/value-codec/base64.js';
import { columnFormat } from '../../../src/session-format/column.js';

const sql = (url: string): SqlStoreSpec => {
  const s = parseStoreUrl(url);
  if ('error' in s || s.kind !== 'sql') throw new Error(JSON.stringify(s));
  return s;
};
const err = (url: string): string => {
  const s = parseStoreUrl(url);
  return 'error' in s ? s.error : 'no error';
};

describe('SQL store URLs', () => {
  it('parses credentials, ports, presets, replica, ssl, socket', () => {
    const s = sql('mysql://u:p%40ss@db.local/app?schema=laravel&replica=r1:3307/app2&ssl=verify&pool=2');
    expect(s).toMatchObject({ dialect: 'mysql', user: 'u', password: 'p@ss', database: 'app', primary: { host: 'db.local', port: 3306 }, ssl: 'verify', pool: 2 });
    expect(s.replica).toEqual({ host: 'r1', port: 3307, database: 'app2' });
    expect(s.columns).toMatchObject({ table: 'sessions', id: 'id', data: 'payload', decision: 'user_id' });
    expect(sql('postgresql://localhost/x?socket=/run/postgresql').primary).toEqual({ host: 'localhost', port: 5432, socket: '/run/postgresql' });
    expect(sql('postgres://h/x?schema=django&table=public.django_session').columns.table).toBe('public.django_session');
    expect(sql('mariadb://h/x?table=s&id=k&data=v&time=t').schema).toBe('custom');
    expect(sql('mysql://h/x?expires=').columns.expiry).toEqual({ kind: 'none' });
  });
  it('refuses names that are not identifiers, unknown options, bad values', () => {
    expect(err('mysql://h/x?table=sessions;drop')).toMatch(/table/);
    expect(err('mysql://h/x?data=a b')).toMatch(/data column/);
    expect(err('mysql://h/x?id=`x`')).toMatch(/id column/);
    expect(err('mysql://h/x?table=a.b.c')).toMatch(/table/);
    expect(err('mysql://h/x?schema=wordpress')).toMatch(/schema/);
    expect(err('mysql://h/x?bogus=1')).toMatch(/unknown option/);
    expect(err('mysql://h/x?expires=a&time=b')).toMatch(/not both/);
    expect(err('mysql://h/')).toMatch(/database/);
    expect(err('postgres://h/x?ssl=maybe')).toMatch(/ssl/);
    expect(err('mysql://u:secret@h/x?bogus=1')).not.toContain('secret');
  });
});

describe('the SELECT', () => {
  it('quotes identifiers and binds values', () => {
    const my = buildSelect('mysql', sql('mysql://h/x?schema=symfony').columns);
    expect(my.sql).toBe('SELECT `sess_data` FROM `sessions` WHERE `sess_id` = ? AND (CASE WHEN `sess_lifetime` <= 315576000 THEN `sess_lifetime` + `sess_time` ELSE `sess_lifetime` END) >= ? LIMIT 1');
    const pg = buildSelect('postgres', sql('postgres://h/x?schema=laravel').columns);
    expect(pg.sql).toBe('SELECT "payload" FROM "sessions" WHERE "id" = $1 AND "last_activity" >= $2 LIMIT 1');
    expect(pg.params(1000, 100)).toEqual([900]);
    expect(buildSelect('postgres', sql('postgres://h/x?schema=django').columns).sql).toContain('"expire_date" > now()');
  });
  it('with a size limit, the server returns NULL for an oversized value, and its size, in the same trip', () => {
    const s = buildSelect('postgres', sql('postgres://h/x?schema=laravel').columns, 65536);
    expect(s.sql).toBe('SELECT CASE WHEN octet_length("payload") <= 65536 THEN "payload" END, octet_length("payload") FROM "sessions" WHERE "id" = $1 AND "last_activity" >= $2 LIMIT 1');
    expect(s.sized).toBe(true);
    // A PostgreSQL type octet_length() does not take (json…) is measured as its text.
    const json = buildSelect('postgres', sql('postgres://h/x?schema=laravel').columns, 65536, undefined, 'jsonb');
    expect(json.sql).toContain('octet_length("payload"::text)');
    // A decision column (an integer) is read as it is.
    const decision = sql('postgres://h/x?schema=laravel').columns;
    const d = buildSelect('postgres', { ...decision, data: 'user_id' }, 65536);
    expect(d.sql).toMatch(/^SELECT "user_id" FROM/);
    expect(d.sized).toBe(false);
  });
});

describe('SQL stages', () => {
  it("Drupal's Crypt::hashBase64", () => {
    // php -r 'echo str_replace(["+","/","="],["-","_",""],base64_encode(hash("sha256","abc",true)));'
    expect(drupalHashBase64('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
  });
  it('base64 codec: strict, bounded', () => {
    const c = base64Codec({ maxBytes: 16 });
    expect(Buffer.from(c.decode(Buffer.from('YTowOnt9'), 0)).toString()).toBe('a:0:{}');
    expect(() => c.decode(Buffer.from('YTowOnt9!'), 0)).toThrow(/base64/);
    expect(() => c.decode(Buffer.from('A'.repeat(40)), 0)).toThrow(/more than/);
  });
  it('column format', () => {
    const f = columnFormat('uid');
    expect(f.decode(Buffer.from('0')).get('uid')).toBe(0);
    expect(f.decode(Buffer.from('42')).get('uid')).toBe(42);
    expect(f.decode(new Uint8Array()).get('uid')).toBeNull();
    expect(f.decode(Buffer.from('abc')).get('uid')).toBe('abc');
  });
});
