/**
 * files store health: a missing session directory or unreadable session files (EACCES: isauth is
 * not running as PHP's user) fail reads (bypass, never anon), fail verify() (/readyz), and are
 * reported once per change of state with the directory and the errno — never a session file name.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

// Root can read anything: simulate the errno for files whose name holds "denied".
const denied = () => Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
// (both readers: openSync for the synchronous one, open for the thread-pool one)
vi.mock('node:fs', async (orig) => {
  const real = await orig<typeof import('node:fs')>();
  return {
    ...real,
    openSync: (path: string, flags: number) => {
      if (String(path).includes('denied')) throw denied();
      return real.openSync(path, flags);
    },
  };
});
vi.mock('node:fs/promises', async (orig) => {
  const real = await orig<typeof import('node:fs/promises')>();
  return {
    ...real,
    open: (path: string, flags: number) =>
      String(path).includes('denied') ? Promise.reject(denied()) : real.open(path, flags),
  };
});

const { createFilesStore } = await import('../../../src/stores/files.js');

const ID_OK = 'a'.repeat(26);
const ID_DENIED = 'denied' + 'b'.repeat(20);

function setup(io: 'sync' | 'async') {
  const dir = mkdtempSync(join(tmpdir(), 'files-health-'));
  const events: (string | undefined)[] = [];
  const store = createFilesStore({ kind: 'files', dir, depth: 0 }, { maxAgeSeconds: 1440, maxBytes: 1 << 20, onHealth: (p) => events.push(p) }, io);
  return { dir, events, store };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe.each(['sync', 'async'] as const)('files store health (%s reads)', (io) => {
  it('a missing directory fails reads (bypass, not anon) and verify, reported once, then recovers', async () => {
    const { dir, events, store } = setup(io);
    dirs.push(dir);
    rmSync(dir, { recursive: true });
    for (let i = 0; i < 3; i++) await expect(store.load(`sess_${ID_OK}`, ID_OK, 1000)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await expect(store.verify(1000)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(events).toEqual([`files: cannot read session files in ${dir} (ENOENT)`]);
    mkdirSync(dir);
    expect(await store.load(`sess_${ID_OK}`, ID_OK, 1000)).toBeNull();
    await store.verify(1000);
    expect(events).toEqual([`files: cannot read session files in ${dir} (ENOENT)`, undefined]);
  });

  it('EACCES on session files fails reads and verify, names path and errno once per change', async () => {
    const { dir, events, store } = setup(io);
    dirs.push(dir);
    writeFileSync(join(dir, `sess_${ID_DENIED}`), 'u|i:1;');
    writeFileSync(join(dir, `sess_${ID_OK}`), 'u|i:1;');
    await store.verify(1000);
    for (let i = 0; i < 3; i++) await expect(store.load(`sess_${ID_DENIED}`, ID_DENIED, 1000)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    // An absent session does not clear it: only a file actually read does.
    expect(await store.load(`sess_${'c'.repeat(26)}`, 'c'.repeat(26), 1000)).toBeNull();
    await expect(store.verify(1000)).rejects.toThrow(/EACCES/);
    await expect(store.verify(1000)).rejects.toThrow(dir);
    expect(events).toEqual([`files: cannot read session files in ${dir} (EACCES)`]);
    expect(events.join()).not.toContain('denied');
    expect(await store.load(`sess_${ID_OK}`, ID_OK, 1000)).not.toBeNull();
    await store.verify(1000);
    expect(events).toEqual([`files: cannot read session files in ${dir} (EACCES)`, undefined]);
  });
});
