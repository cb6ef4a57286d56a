import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runDecode } from '../../../src/cli/decode.js';
import { B } from '../php/helpers.js';

async function run(args: string[], stdin: Uint8Array = Buffer.alloc(0)) {
  let out = '';
  let err = '';
  const code = await runDecode(args, { stdin: Readable.from([stdin]), stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

describe('isauth decode', () => {
  it('prints the session as JSON from stdin (php serializer by default)', async () => {
    const r = await run([], B('user|a:2:{s:2:"id";i:9223372036854775807;s:4:"name";s:3:"Ann";}'));
    expect(r).toEqual({ code: 0, out: '{"user":{"id":9223372036854775807,"name":"Ann"}}\n', err: '' });
  });

  it('reads a file with the chosen serializer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isauth-decode-'));
    const file = join(dir, 'sess');
    writeFileSync(file, B('a:1:{s:1:"a";d:INF;}'));
    expect(await run(['--serializer', 'php_serialize', file])).toEqual({ code: 0, out: '{"a":"INF"}\n', err: '' });
    expect((await run(['--serializer=php_serialize', '-'], B('a:0:{}'))).out).toBe('[]\n');
  });

  it('malformed input: exit 1 and one error line with code and offset', async () => {
    const r = await run([], B('a|s:5:"x";'));
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^isauth: DECODE_LENGTH at byte 4: [^\n]*\n$/);
    const deep = await run(['--max-depth', '2'], B('a|a:1:{i:0;a:1:{i:0;a:1:{i:0;N;}}}'));
    expect(deep.err).toMatch(/^isauth: DECODE_DEPTH at byte 20: /);
  });

  it('bad arguments: exit 64 with usage; unreadable file: exit 1', async () => {
    for (const args of [['--serializer', 'json'], ['--max-depth', '0'], ['--max-depth', 'x'], ['--bogus'], ['a', 'b']]) {
      const r = await run(args);
      expect(r.code).toBe(64);
      expect(r.err).toMatch(/^isauth: CLI_USAGE: .*\nusage: isauth decode/);
    }
    const missing = await run(['/nonexistent/session']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^isauth: CLI_INPUT: /);
    expect((await run(['--help'])).code).toBe(0);
  });
});
