/**
 * The files store's exact identity (src/stores/files-settle.ts), on sessions written by real PHP:
 * a read is marked cacheable only when the file's ctime was safely in the past, `identify` (one
 * lstat) equals that identity while the file is unchanged, and every way PHP or an operator can
 * change the bytes changes it — an in-place rewrite of the same size with the mtime put back
 * (only ctime tells), a replacement by rename (a new inode), deletion, a symlink, expiry.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, lstatSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFilesStore } from '../../../src/stores/files.js';
import { IDENTITY_MARGIN_MS, LOCKED_SETTLE_MS } from '../../../src/stores/files-settle.js';
import { newSessionId, phpWriteSession } from '../../harness/php-session.js';
import { havePhpExtensions } from '../../harness/programs.js';
import { tempDir } from '../../harness/servers.js';

const OPTS = { maxAgeSeconds: 1440, maxBytes: 1 << 20 };
// Cacheable reads are those of files last changed over LOCKED_SETTLE_MS ago (files-read.ts).
const settle = () => new Promise((r) => setTimeout(r, LOCKED_SETTLE_MS + 20));

function setup() {
  const dir = tempDir('files-identity');
  const store = createFilesStore({ kind: 'files', dir, depth: 0 }, OPTS, 'sync');
  const id = newSessionId();
  const key = `sess_${id}`;
  const write = (code: string) => phpWriteSession({ handler: 'files', savePath: dir }, id, code);
  return { dir, store, id, key, path: `${dir}/${key}`, write };
}

describe.runIf(havePhpExtensions('session'))('files store: exact identity', () => {
  it('a file changed just now is answered but not marked cacheable; once settled it is, and identify agrees', async () => {
    const setup0 = setup();
    const { store, id, key, write } = setup0;
    const { path } = setup0;
    write(`$_SESSION['user'] = 'ann';`);
    // A change (chmod to the same mode stamps ctime) right before the read; on a busy machine the
    // read may start later than the margin — then try again: the rule is checked whenever it applies.
    let checked = 0;
    for (let i = 0; i < 50 && checked === 0; i++) {
      chmodSync(path, 0o600);
      const startNs = BigInt(Date.now()) * 1_000_000n;
      const fresh = await store.load(key, id, 1000);
      expect(Buffer.from(fresh!.bytes).toString()).toBe('user|s:3:"ann";');
      if (startNs - lstatSync(path, { bigint: true }).ctimeNs < BigInt(IDENTITY_MARGIN_MS - 1) * 1_000_000n) {
        expect(fresh!.identity).toBeUndefined();
        checked++;
      }
    }
    expect(checked).toBe(1);
    await settle();
    const old = await store.load(key, id, 1000);
    expect(old!.identity).toBeDefined();
    expect(store.identify!(key, id)).toBe(old!.identity);
  });

  it('an in-place rewrite of the same size with the mtime put back: ctime tells', async () => {
    const { store, id, key, path, write } = setup();
    write(`$_SESSION['user'] = 'ann';`);
    await settle();
    const before = await store.load(key, id, 1000);
    const st = lstatSync(path, { bigint: true });
    write(`$_SESSION['user'] = 'bob';`); // PHP: ftruncate + pwrite, same inode, same size
    // Put the mtime back to the nanosecond (coreutils touch; node's utimes rounds to µs).
    const ns = String(st.mtimeNs % 1_000_000_000n).padStart(9, '0');
    execFileSync('touch', ['-m', '-d', `@${st.mtimeNs / 1_000_000_000n}.${ns}`, path]);
    const now = lstatSync(path, { bigint: true });
    expect([now.ino, now.size, now.mtimeNs]).toEqual([st.ino, st.size, st.mtimeNs]);
    expect(now.ctimeNs).not.toBe(st.ctimeNs);
    expect(store.identify!(key, id)).not.toBe(before!.identity);
    expect(Buffer.from((await store.load(key, id, 1000))!.bytes).toString()).toBe('user|s:3:"bob";');
  });

  it('a replacement by rename (a new inode, written long ago) changes the identity', async () => {
    const { dir, store, id, key, path, write } = setup();
    write(`$_SESSION['user'] = 'ann';`);
    const other = newSessionId();
    phpWriteSession({ handler: 'files', savePath: dir }, other, `$_SESSION['user'] = 'eve';`);
    await settle();
    const before = await store.load(key, id, 1000);
    expect(before!.identity).toBeDefined();
    renameSync(`${dir}/sess_${other}`, path);
    expect(store.identify!(key, id)).not.toBe(before!.identity);
    expect(Buffer.from((await store.load(key, id, 1000))!.bytes).toString()).toBe('user|s:3:"eve";');
  });

  it('no identity for a deleted file, a symlink, an expired file', async () => {
    const { dir, store, id, key, path, write } = setup();
    write(`$_SESSION['user'] = 'ann';`);
    await settle();
    expect(store.identify!(key, id)).toBeDefined();
    const old = Date.now() / 1000 - 2000;
    utimesSync(path, old, old);
    expect(store.identify!(key, id)).toBeUndefined();
    rmSync(path);
    expect(store.identify!(key, id)).toBeUndefined();
    writeFileSync(`${dir}/target`, 'user|s:3:"ann";');
    symlinkSync(`${dir}/target`, path);
    expect(store.identify!(key, id)).toBeUndefined();
    expect(await store.load(key, id, 1000)).toBeNull();
  });

  it('the thread-pool reader (network filesystems) offers no identity at all', async () => {
    const { dir, id, key, write } = setup();
    const store = createFilesStore({ kind: 'files', dir, depth: 0 }, OPTS, 'async');
    write(`$_SESSION['user'] = 'ann';`);
    await settle();
    expect(store.identify).toBeUndefined();
    expect((await store.load(key, id, 1000))!.identity).toBeUndefined();
  });
});
