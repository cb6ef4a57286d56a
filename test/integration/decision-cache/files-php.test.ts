/**
 * The decision cache never answers for bytes that changed — proven on the real service (the built
 * CLI, files store, `--decision-cache`) with sessions written by real PHP's files handler:
 *
 * - logins and logouts flipping while requests run: one long-running PHP process rewrites sessions
 *   in place (ftruncate + write, the SAME size for both states: only the content tells), each
 *   answer is checked against what PHP wrote last — exactly for requests sent after PHP's write
 *   returned and before the next one began, one of the two states for requests overlapping a write;
 * - a session rewritten in place with the same size and its mtime put back (only ctime tells);
 * - a session replaced by rename (a new inode, written long before);
 * - and the cache is really used (isauth_decision_cache_hits_total grows), or really off.
 * Deadlines are generous (the machine is shared): a late answer is not an error here, a wrong one is.
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, renameSync } from 'node:fs';
import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ISAUTH_FLAGS, haveIsauthBuild, startIsauth, type RunningIsauth } from '../../harness/isauth.js';
import { newSessionId, phpWriteSession } from '../../harness/php-session.js';
import { havePhpExtensions } from '../../harness/programs.js';
import { tempDir } from '../../harness/servers.js';
import { ask, cacheHits, code, expected, phpWriter, SETTLED_MS, sleep } from './support.js';

const ready = haveIsauthBuild() && havePhpExtensions('session');

describe.runIf(ready)('decision cache (files, real PHP, real service)', () => {
  const dir = tempDir('decisions');
  let isauth: RunningIsauth;
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });

  beforeAll(async () => {
    isauth = await startIsauth({ store: `files:${dir}`, flags: [...DEMO_ISAUTH_FLAGS, '--log-level', 'info', '--timeout', '5000', '--decision-cache', '1000'] });
  });
  afterAll(async () => {
    agent.destroy();
    await isauth?.stop();
  });

  it('says at startup that it reads synchronously and caches', () => {
    expect(isauth.output()).toContain('files: synchronous reads');
    expect(isauth.output()).toContain('decision cache on: up to 1000 decisions');
  });

  it('logins and logouts flipping while requests run: every answer is what PHP wrote last', async () => {
    const K = 12;
    const ids = Array.from({ length: K }, () => newSessionId());
    const loggedIn = ids.map(() => false);
    for (const id of ids) phpWriteSession({ handler: 'files', savePath: dir }, id, code(false));
    await sleep(SETTLED_MS);
    // Writes started and finished per session: a request is checked exactly when no write of its
    // session began or was under way between its sending and its answer.
    const started = ids.map(() => 0);
    const done = ids.map(() => 0);
    const tally = { exact: 0, overlapping: 0, wrong: [] as string[], flips: 0 };
    const hits0 = await cacheHits(isauth);
    const php = phpWriter(dir);
    let running = true;

    const flipper = (async () => {
      const end = Date.now() + 5000;
      while (Date.now() < end) {
        const i = Math.floor(Math.random() * K);
        started[i] = started[i]! + 1;
        await php.write(ids[i]!, !loggedIn[i]);
        loggedIn[i] = !loggedIn[i];
        done[i] = done[i]! + 1;
        tally.flips++;
        // Sometimes quickly again (the file's ctime still fresh: never cached), sometimes after the
        // entry could be cached — so cached entries are invalidated by real rewrites.
        await sleep(Math.random() < 0.5 ? Math.random() * 30 : SETTLED_MS * (0.5 + Math.random()));
      }
      running = false;
    })();

    const client = async () => {
      while (running) {
        const i = Math.floor(Math.random() * K);
        const s0 = started[i]!;
        const quiet = s0 === done[i];
        const before = loggedIn[i]!;
        const a = await ask(isauth, agent, ids[i]!);
        if (quiet && started[i] === s0) {
          tally.exact++;
          const want = expected(before);
          if (a.variant !== want.variant || a.state !== want.state) tally.wrong.push(`session ${i}: ${a.variant}/${a.state}, PHP wrote ${before ? 'logged in' : 'logged out'}`);
        } else {
          tally.overlapping++;
          // Written meanwhile: either state, never anything else (a torn read would be bypass).
          if (a.variant !== 'auth' && a.variant !== 'anon') tally.wrong.push(`session ${i} (overlapping a write): ${a.variant}/${a.state}`);
        }
      }
    };
    await Promise.all([flipper, ...Array.from({ length: 8 }, client)]);
    await php.end();
    const hits = (await cacheHits(isauth)) - hits0;
    const report = JSON.stringify({ ...tally, wrong: tally.wrong.slice(0, 5), hits });
    expect(tally.wrong, report).toEqual([]);
    expect(tally.flips, report).toBeGreaterThan(20);
    expect(tally.exact, report).toBeGreaterThan(200);
    expect(hits, report).toBeGreaterThan(50); // the cache answered, and was invalidated by PHP's writes
    // After the run: every session exactly as PHP left it.
    for (const [i, id] of ids.entries()) expect(await ask(isauth, agent, id), `session ${i}`).toEqual(expected(loggedIn[i]!));
  }, 60_000);

  it('a session rewritten in place with the same size and its mtime put back: decided again (ctime tells)', async () => {
    const id = newSessionId();
    const path = `${dir}/sess_${id}`;
    phpWriteSession({ handler: 'files', savePath: dir }, id, code(true));
    await sleep(SETTLED_MS);
    expect(await ask(isauth, agent, id)).toEqual(expected(true));
    const hits = await cacheHits(isauth);
    expect(await ask(isauth, agent, id)).toEqual(expected(true));
    expect(await cacheHits(isauth)).toBe(hits + 1); // answered from the cache
    const st = lstatSync(path, { bigint: true });
    phpWriteSession({ handler: 'files', savePath: dir }, id, code(false));
    const ns = String(st.mtimeNs % 1_000_000_000n).padStart(9, '0');
    execFileSync('touch', ['-m', '-d', `@${st.mtimeNs / 1_000_000_000n}.${ns}`, path]);
    const now = lstatSync(path, { bigint: true });
    expect([now.ino, now.size, now.mtimeNs]).toEqual([st.ino, st.size, st.mtimeNs]);
    expect(await ask(isauth, agent, id)).toEqual(expected(false));
  });

  it('a session replaced by rename (a new inode, written long before): decided again', async () => {
    const id = newSessionId();
    const other = newSessionId();
    phpWriteSession({ handler: 'files', savePath: dir }, id, code(false));
    phpWriteSession({ handler: 'files', savePath: dir }, other, code(true));
    await sleep(SETTLED_MS);
    expect(await ask(isauth, agent, id)).toEqual(expected(false));
    const hits = await cacheHits(isauth);
    expect(await ask(isauth, agent, id)).toEqual(expected(false));
    expect(await cacheHits(isauth)).toBe(hits + 1);
    renameSync(`${dir}/sess_${other}`, `${dir}/sess_${id}`);
    expect(await ask(isauth, agent, id)).toEqual(expected(true));
  });
});

describe.runIf(ready)('decision cache off (--decision-cache 0)', () => {
  it('every request reads the file: no hits', async () => {
    const dir = tempDir('decisions-off');
    const isauth = await startIsauth({ store: `files:${dir}`, flags: [...DEMO_ISAUTH_FLAGS, '--log-level', 'info', '--decision-cache', '0'] });
    const agent = new Agent({ keepAlive: true });
    try {
      const id = newSessionId();
      phpWriteSession({ handler: 'files', savePath: dir }, id, code(true));
      await sleep(SETTLED_MS);
      for (let i = 0; i < 5; i++) expect(await ask(isauth, agent, id)).toEqual(expected(true));
      expect(await cacheHits(isauth)).toBe(0);
      expect(isauth.output()).toContain('decision cache off');
    } finally {
      agent.destroy();
      await isauth.stop();
    }
  });
});
