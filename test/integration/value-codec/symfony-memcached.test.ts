/**
 * Symfony as the real framework writes it: MemcachedSessionHandler over php-memcached's client,
 * a real login (UsernamePasswordToken stored by the firewall's ContextListener). The raw value
 * and flags are read from memcached, run through the php-memcached codec, and decoded with the
 * `php` session format.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSession } from '../../../src/php/session.js';
import { PhpBytes } from '../../../src/php/types.js';
import type { PhpArray, PhpValue } from '../../../src/php/types.js';
import { phpMemcachedCodec } from '../../../src/value-codec/php-memcached.js';
import { mcGetItem } from '../../harness/memcached-text.js';
import { havePrograms } from '../../harness/programs.js';
import { startMemcached, type RunningServer } from '../../harness/servers.js';
import { haveSymfony, symfonyWriteMemcachedSession } from '../../harness/symfony.js';
import { expectCode } from '../../unit/value-codec/helpers.js';

const codec = phpMemcachedCodec({ maxBytes: 1 << 20 });

function attributes(bytes: Uint8Array): PhpArray {
  const session = decodeSession(bytes, 'php');
  const attrs = session.get('_sf2_attributes');
  if (!(attrs instanceof Map)) throw new Error('no _sf2_attributes array');
  expect(session.has('_sf2_meta')).toBe(true);
  return attrs;
}

const text = (v: PhpValue | undefined): string => (typeof v === 'string' ? v : v instanceof PhpBytes ? Buffer.from(v.bytes).toString('latin1') : '');

describe.runIf(havePrograms('memcached') && haveSymfony())('Symfony 5.4 MemcachedSessionHandler', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startMemcached();
  });
  afterAll(() => server?.stop());

  async function stored(key: string): Promise<{ value: Buffer; flags: number }> {
    const item = await mcGetItem(server.port, key);
    if (!item) throw new Error(`no ${key} in memcached`);
    return item;
  }

  it('logged in, session over 2,000 bytes: fastlz (flags 0x50) → _sf2_attributes holds _security_main', async () => {
    const s = symfonyWriteMemcachedSession({ servers: [server], loggedIn: true, bigPayload: true });
    expect(s.key).toBe(`sf2s${s.id}`);
    const item = await stored(s.key);
    expect(item.flags).toBe(0x50);
    const bytes = codec.decode(item.value, item.flags);
    expect(bytes.length).toBe(item.value.readUInt32LE(0));
    expect(bytes.length).toBeGreaterThan(2000);
    const attrs = attributes(bytes);
    expect(text(attrs.get('_security_main'))).toMatch(/^O:\d+:"Symfony\\Component\\Security\\Core\\Authentication\\Token\\UsernamePasswordToken"/);
    expect(text(attrs.get('_security_main'))).toContain('alice');
    expect(attrs.get('cart')).toBeInstanceOf(Map);
    // the login migrated the session: the id the visit started with is gone
    expect(s.previousId).not.toBe(s.id);
    expect(await mcGetItem(server.port, `sf2s${s.previousId}`)).toBeNull();
  });

  it('logged in, small session: flags 0 → _security_main', async () => {
    const s = symfonyWriteMemcachedSession({ servers: [server], loggedIn: true });
    const item = await stored(s.key);
    expect(item.flags).toBe(0);
    expect(attributes(codec.decode(item.value, item.flags)).has('_security_main')).toBe(true);
  });

  it('logged out, big and small: no _security_main (big is still fastlz-compressed)', async () => {
    const big = await stored(symfonyWriteMemcachedSession({ servers: [server], loggedIn: false, bigPayload: true }).key);
    expect(big.flags).toBe(0x50);
    const bigAttrs = attributes(codec.decode(big.value, big.flags));
    expect(bigAttrs.has('_security_main')).toBe(false);
    expect(bigAttrs.get('cart')).toBeInstanceOf(Map);

    const small = await stored(symfonyWriteMemcachedSession({ servers: [server], loggedIn: false }).key);
    expect(small.flags).toBe(0);
    const smallAttrs = attributes(codec.decode(small.value, small.flags));
    expect(smallAttrs.has('_security_main')).toBe(false);
    expect(smallAttrs.get('_locale')).toBe('en');
  });

  it('a --max-session-bytes below the session → VALUE_TOO_LARGE from the header, before decompressing', async () => {
    const item = await stored(symfonyWriteMemcachedSession({ servers: [server], loggedIn: true, bigPayload: true }).key);
    expectCode(() => phpMemcachedCodec({ maxBytes: 2000 }).decode(item.value, item.flags), 'VALUE_TOO_LARGE');
  });

  it('several servers: the session lands on exactly one of them, and decodes', async () => {
    const more = [server, await startMemcached(), await startMemcached()];
    try {
      const s = symfonyWriteMemcachedSession({ servers: more, loggedIn: true, bigPayload: true });
      const found = (await Promise.all(more.map((m) => mcGetItem(m.port, s.key)))).filter((x) => x !== null);
      expect(found).toHaveLength(1);
      expect(attributes(codec.decode(found[0]!.value, found[0]!.flags)).has('_security_main')).toBe(true);
    } finally {
      await Promise.all(more.slice(1).map((m) => m.kill()));
    }
  });
});
