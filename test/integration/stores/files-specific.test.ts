/** files store behaviour beyond the contract: age, depth, read-only, PHP rewriting concurrently. */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { IsauthError } from '../../../src/errors.js';
import { storeReader } from '../../harness/store-reader.js';
import { parseStoreUrl } from '../../../src/stores/url.js';
import { createFilesStore } from '../../../src/stores/files.js';
import { newSessionId, phpWriteSession } from '../../harness/php-session.js';
import { findProgram, havePhpExtensions } from '../../harness/programs.js';
import { tempDir } from '../../harness/servers.js';

const OPTS = { maxAgeSeconds: 1440, maxBytes: 1 << 20 };

function filesStore(url: string, opts = OPTS, io?: 'sync' | 'async') {
  const spec = parseStoreUrl(url);
  if ('error' in spec) throw new Error(spec.error);
  if (spec.kind !== 'files') throw new Error('not a files URL');
  return storeReader(spec, opts, createFilesStore(spec, opts, io));
}

describe.runIf(havePhpExtensions('session'))('files store specifics', () => {
  it('a session older than maxAgeSeconds by mtime is absent; a fresh one is read', async () => {
    const dir = tempDir('files-age');
    const store = filesStore(`files:${dir}`, { ...OPTS, maxAgeSeconds: 600 });
    const id = newSessionId();
    phpWriteSession({ handler: 'files', savePath: dir }, id, `$_SESSION['u'] = 1;`);
    expect(await store.load(id, 1000)).not.toBeNull();
    const old = Date.now() / 1000 - 601;
    utimesSync(`${dir}/sess_${id}`, old, old);
    expect(await store.load(id, 1000)).toBeNull();
    const young = Date.now() / 1000 - 590;
    utimesSync(`${dir}/sess_${id}`, young, young);
    expect(await store.load(id, 1000)).not.toBeNull();
  });

  it('depth syntax N;/dir: reads what PHP wrote with save_path "2;/dir"', async () => {
    const dir = tempDir('files-depth');
    const ids = Array.from({ length: 5 }, () => newSessionId());
    for (const id of ids) mkdirSync(`${dir}/${id[0]}/${id[1]}`, { recursive: true }); // PHP needs them
    for (const [i, id] of ids.entries()) phpWriteSession({ handler: 'files', savePath: `2;${dir}` }, id, `$_SESSION['i'] = ${i};`);
    const store = filesStore(`files:2;${dir}`);
    for (const [i, id] of ids.entries()) expect(Buffer.from((await store.load(id, 1000)) ?? []).toString()).toBe(`i|i:${i};`);
    // The same directory without depth finds nothing; an id no longer than the depth has no file.
    const flat = filesStore(`files:${dir}`);
    expect(await flat.load(ids[0]!, 1000)).toBeNull();
    expect(await store.load('ab', 1000)).toBeNull();
  });

  it('a miss creates nothing (no file, no directory)', async () => {
    const dir = tempDir('files-miss');
    mkdirSync(`${dir}/a/b`, { recursive: true });
    const before = JSON.stringify(readdirSync(dir, { recursive: true }));
    const store = filesStore(`files:2;${dir}`);
    expect(await store.load('abmissing0123', 1000)).toBeNull();
    expect(await store.load('zzmissing0123', 1000)).toBeNull();
    expect(JSON.stringify(readdirSync(dir, { recursive: true }))).toBe(before);
  });

  it('symlinked session files and non-regular files are not followed', async () => {
    const dir = tempDir('files-link');
    writeFileSync(`${dir}/target`, 'u|i:1;');
    const { symlinkSync } = await import('node:fs');
    symlinkSync(`${dir}/target`, `${dir}/sess_linked01`);
    mkdirSync(`${dir}/sess_adirectory`);
    const store = filesStore(`files:${dir}`);
    expect(await store.load('linked01', 1000)).toBeNull();
    expect(await store.load('adirectory', 1000)).toBeNull();
  });

  it('verify() fails for a missing directory and for a file', async () => {
    const dir = tempDir('files-verify');
    writeFileSync(`${dir}/plain`, '');
    for (const bad of [`${dir}/nope`, `${dir}/plain`]) {
      const err = await filesStore(`files:${bad}`).verify(1000).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IsauthError);
      expect((err as IsauthError).code).toBe('STORE_UNAVAILABLE');
    }
    await filesStore(`files:${dir}`).verify(1000);
  });

  it.each(['sync', 'async'] as const)('PHP rewriting the session concurrently: never a torn or empty read (a naive read sees them; %s reads)', async (io) => {
    const dir = tempDir('files-race');
    const id = 'race0123456789abcdef';
    const long = Buffer.from(`a|s:200000:"${'L'.repeat(200000)}";`);
    const short = Buffer.from('a|s:1:"S";');
    // Real PHP, real files handler: each write of `short` after `long` is ftruncate(0) + pwrite,
    // each write of `long` after `short` a pwrite over the old bytes. Pauses of 0–20 ms, like
    // requests, so that the file also has quiet moments.
    const code = `$end = microtime(true) + 2.5; $i = 0;
      while (microtime(true) < $end) {
        session_id('${id}'); session_start(); $_SESSION['a'] = ($i++ % 2) ? str_repeat('L', 200000) : 'S';
        session_write_close(); usleep(random_int(0, 20000));
      } echo $i;`;
    const php = spawn(findProgram('php')!, ['-d', 'session.save_handler=files', '-d', `session.save_path=${dir}`,
      '-d', 'session.use_cookies=0', '-d', 'session.cache_limiter=', '-d', 'session.gc_probability=0', '-r', code]);
    let writes = '';
    php.stdout.on('data', (d: Buffer) => (writes += d.toString()));
    php.stderr.on('data', () => undefined);
    let running = true;
    const exited = new Promise<void>((r) => php.on('exit', () => ((running = false), r())));

    const store = filesStore(`files:${dir}`, OPTS, io);
    const seen = { long: 0, short: 0, bad: 0, timeout: 0, absent: 0 };
    const naive = { ok: 0, bad: 0 };
    const naiveLoop = (async () => {
      while (running) {
        const b = await readFile(`${dir}/sess_${id}`).catch(() => null);
        if (b) b.equals(long) || b.equals(short) ? naive.ok++ : naive.bad++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    while (running) {
      try {
        const got = await store.load(id, 200);
        if (got === null) seen.absent++;
        else if (Buffer.from(got).equals(long)) seen.long++;
        else if (Buffer.from(got).equals(short)) seen.short++;
        else seen.bad++;
      } catch (err) {
        if (err instanceof IsauthError && err.code === 'STORE_TIMEOUT') seen.timeout++;
        else throw err;
      }
      // A synchronous read settles without a macrotask: let PHP's exit event in.
      await new Promise((r) => setImmediate(r));
    }
    await exited;
    await naiveLoop;
    const report = JSON.stringify({ writes, seen, naive });
    expect(Number(writes), report).toBeGreaterThan(50);
    expect(naive.bad, report).toBeGreaterThan(0); // the race is real here…
    expect(seen.bad, report).toBe(0); // …and the store never shows it
    expect(seen.long, report).toBeGreaterThan(10);
    expect(seen.short, report).toBeGreaterThan(10);
    expect(seen.timeout, report).toBeLessThan((seen.long + seen.short) / 4);
  }, 20_000);
});
