/**
 * The timestamp-granularity case, on a REAL filesystem whose timestamps are whole seconds (an ext4
 * image with 128-byte inodes, loop-mounted: test/harness/coarse-fs.ts). PHP rewrites a session in
 * place, same size, within one second: the file's stat (inode, size, mtime, ctime) is then
 * IDENTICAL before and after — no identity built from it can tell. The cache must therefore never
 * have cached the first read: a file's identity only counts once its ctime is older than its
 * granule plus a margin when the read began (src/stores/files-settle.ts). Checked here: the answer
 * after the rewrite is PHP's new state, and the cache did not answer while the second lasted.
 */
import { lstatSync } from 'node:fs';
import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ISAUTH_FLAGS, haveIsauthBuild, startIsauth, type RunningIsauth } from '../../harness/isauth.js';
import { haveCoarseFs, mountCoarseExt4, type CoarseFs } from '../../harness/coarse-fs.js';
import { newSessionId } from '../../harness/php-session.js';
import { havePhpExtensions } from '../../harness/programs.js';
import { ask, cacheHits, expected, phpWriter, sleep } from './support.js';

const ready = haveIsauthBuild() && havePhpExtensions('session') && haveCoarseFs();

describe.runIf(ready)('decision cache on a filesystem with whole-second timestamps', () => {
  let fs: CoarseFs;
  let isauth: RunningIsauth;
  const agent = new Agent({ keepAlive: true });

  beforeAll(async () => {
    fs = mountCoarseExt4();
    isauth = await startIsauth({ store: `files:${fs.dir}`, flags: [...DEMO_ISAUTH_FLAGS, '--log-level', 'info', '--timeout', '5000'] });
  });
  afterAll(async () => {
    agent.destroy();
    await isauth?.stop();
    fs?.unmount();
  });

  it('two same-size in-place rewrites within one second leave identical stats, and the second is still answered right', async () => {
    expect(isauth.output()).toContain('decision cache on');
    const php = phpWriter(fs.dir);
    const id = newSessionId();
    const path = `${fs.dir}/sess_${id}`;
    let proven = 0;
    try {
      // On a busy machine a cycle may not fit in one second: then try again.
      for (let attempt = 0; attempt < 20 && proven < 2; attempt++) {
        while (Date.now() % 1000 > 100) await sleep(5); // start early in a second
        const second = Math.floor(Date.now() / 1000);
        await php.write(id, true);
        const before = lstatSync(path, { bigint: true });
        await sleep(150); // older than the store's settle time: by the plain "ctime is old" rule, cacheable
        const hits = await cacheHits(isauth);
        expect(await ask(isauth, agent, id)).toEqual(expected(true));
        expect(await ask(isauth, agent, id)).toEqual(expected(true));
        await php.write(id, false);
        const after = lstatSync(path, { bigint: true });
        if (Math.floor(Date.now() / 1000) !== second || before.ctimeNs !== after.ctimeNs) continue; // not within one second
        // The filesystem cannot tell the two states apart by stat…
        expect([after.ino, after.size, after.mtimeNs, after.ctimeNs]).toEqual([before.ino, before.size, before.mtimeNs, before.ctimeNs]);
        // …and isauth did not trust it: no cached answer within the second, the new state now.
        expect(await cacheHits(isauth)).toBe(hits);
        expect(await ask(isauth, agent, id)).toEqual(expected(false));
        proven++;
        // Once its granule is well past (an even second may be FAT's 2 s granule: wait that out),
        // the file is cached — the cache does work here.
        await sleep(2200);
        const settled = await cacheHits(isauth);
        expect(await ask(isauth, agent, id)).toEqual(expected(false));
        expect(await ask(isauth, agent, id)).toEqual(expected(false));
        expect(await cacheHits(isauth)).toBeGreaterThan(settled);
      }
    } finally {
      await php.end();
    }
    expect(proven).toBe(2);
  }, 120_000);
});
