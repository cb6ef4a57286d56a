/**
 * The one contract every SessionStore passes, against a real server with sessions written by real
 * PHP through its real handler. Each store's test file calls runStoreContract with its setup.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IsauthError } from '../../../src/errors.js';
import type { SessionReader } from '../../harness/store-reader.js';
import { newSessionId, phpWriteSession } from '../../harness/php-session.js';
import type { PhpSessionTarget } from '../../harness/php-session.js';
import { phpWriteRawSessions } from '../../harness/php-raw-session.js';
import type { RunningServer } from '../../harness/servers.js';

export const CONTRACT_MAX_BYTES = 64 * 1024;

export interface ContractEnv {
  store: SessionReader;
  /** Where real PHP writes (handler + save_path + ini). */
  php: PhpSessionTarget;
  /** Put bytes under an id PHP would never write (bypassing PHP), to prove the store refuses it. */
  plant(id: string, bytes: Uint8Array): Promise<void>;
  /** Make the server unreachable / bring it back on the same address (server stores only). */
  stopServer?(): Promise<void>;
  startServer?(): Promise<void>;
  /** SIGSTOP / SIGCONT the server (a hung server). */
  pauseServer?(): Promise<void>;
  resumeServer?(): void;
  cleanup(): Promise<void>;
}

/** The server half of a ContextEnv for a store backed by one RunningServer (kill, restart, pause). */
export function serverControls(
  server: Pick<RunningServer, 'kill' | 'restart' | 'pause' | 'resume' | 'stop'>,
  beforeStop: () => void = () => undefined,
): Pick<ContractEnv, 'stopServer' | 'startServer' | 'pauseServer' | 'resumeServer' | 'cleanup'> {
  return {
    stopServer: () => server.kill(),
    startServer: () => server.restart(),
    pauseServer: () => server.pause(),
    resumeServer: () => server.resume(),
    cleanup: async () => {
      beforeStop();
      await server.stop();
    },
  };
}

const T = 1000;

function writeRaw(env: ContractEnv, id: string, bytes: Uint8Array): void {
  phpWriteRawSessions(env.php, [[id, bytes]]);
}

async function expectCode(p: Promise<unknown>, codes: string[]): Promise<IsauthError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(IsauthError);
  expect(codes).toContain((err as IsauthError).code);
  return err as IsauthError;
}

/** Load until it succeeds (the store reconnecting by itself), for at most `ms`. */
async function eventually(env: ContractEnv, id: string, ms: number): Promise<Uint8Array | null> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      return await env.store.load(id, 200);
    } catch (err) {
      if (Date.now() > end) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/**
 * `hasServer: false` (the files store) leaves out the tests that stop or hang a server: there is
 * none, so they are not registered rather than skipped.
 */
export function runStoreContract(name: string, setup: () => Promise<ContractEnv>, { hasServer = true } = {}): void {
  const serverIt = hasServer ? it : () => undefined;
  describe(`${name}: SessionStore contract`, () => {
    let env: ContractEnv;
    beforeAll(async () => {
      env = await setup();
    });
    afterAll(async () => {
      await env?.store.close();
      await env?.cleanup();
    });

    it('reads a session PHP wrote, byte for byte', async () => {
      const id = newSessionId();
      phpWriteSession(env.php, id, `$_SESSION['user'] = 42; $_SESSION['name'] = "zoë";`);
      const got = await env.store.load(id, T);
      expect(Buffer.from(got ?? []).toString()).toBe('user|i:42;name|s:4:"zoë";');
    });

    it('absent session → null', async () => {
      expect(await env.store.load(newSessionId(), T)).toBeNull();
    });

    it('empty session → empty bytes (not null)', async () => {
      const id = newSessionId();
      writeRaw(env, id, new Uint8Array(0));
      const got = await env.store.load(id, T);
      expect(got).not.toBeNull();
      expect(got?.length).toBe(0);
    });

    it('binary bytes intact (all 256 byte values)', async () => {
      const id = newSessionId();
      const bytes = new Uint8Array(1024).map((_, i) => (i * 7 + 3) & 0xff);
      writeRaw(env, id, bytes);
      expect(Buffer.from((await env.store.load(id, T)) ?? [])).toEqual(Buffer.from(bytes));
    });

    it('exactly maxBytes loads; one byte more → STORE_TOO_LARGE', async () => {
      const ok = newSessionId();
      const big = newSessionId();
      phpWriteRawSessions(env.php, [
        [ok, new Uint8Array(CONTRACT_MAX_BYTES).fill(0x61)],
        [big, new Uint8Array(CONTRACT_MAX_BYTES + 1).fill(0x61)],
      ]);
      expect((await env.store.load(ok, T))?.length).toBe(CONTRACT_MAX_BYTES);
      await expectCode(env.store.load(big, T), ['STORE_TOO_LARGE']);
    });

    it('ids the id stage would refuse never reach the store, even when something is stored there', async () => {
      const planted = ['bad.id', 'a_b', 'x'.repeat(257)];
      // Best effort: some ids cannot be stored at all (file name or key too long).
      for (const id of planted) await env.plant(id, Buffer.from('user|i:1;')).catch(() => undefined);
      for (const id of [...planted, '', '../../etc/passwd', 'a b', 'a\0b', 'a/b', 'é']) {
        expect(await env.store.load(id, T), JSON.stringify(id.slice(0, 20))).toBeNull();
      }
    });

    it('verify() resolves while the store is reachable', async () => {
      await env.store.verify(T);
    });

    serverIt('a hung server: load rejects with STORE_TIMEOUT at the deadline, then works again', async () => {
      if (!env.pauseServer || !env.resumeServer) throw new Error(`${name}: setup lacks pauseServer/resumeServer`);
      const id = newSessionId();
      phpWriteSession(env.php, id, `$_SESSION['k'] = 1;`);
      expect(await env.store.load(id, T)).not.toBeNull();
      await env.pauseServer();
      try {
        const t0 = performance.now();
        await expectCode(env.store.load(id, 100), ['STORE_TIMEOUT']);
        const took = performance.now() - t0;
        expect(took).toBeGreaterThanOrEqual(95);
        expect(took).toBeLessThan(400);
        await expectCode(env.store.verify(100), ['STORE_TIMEOUT']);
      } finally {
        env.resumeServer();
      }
      expect(Buffer.from((await eventually(env, id, 5000)) ?? []).toString()).toBe('k|i:1;');
    });

    serverIt('server stopped: fast rejection, verify fails; restarted: recovers without a new store', async () => {
      if (!env.stopServer || !env.startServer) throw new Error(`${name}: setup lacks stopServer/startServer`);
      await env.stopServer();
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        await expectCode(env.store.load(newSessionId(), 100), ['STORE_UNAVAILABLE', 'STORE_TIMEOUT']);
        expect(performance.now() - t0).toBeLessThan(400);
      }
      await expectCode(env.store.verify(100), ['STORE_UNAVAILABLE', 'STORE_TIMEOUT']);
      await env.startServer();
      const id = newSessionId();
      phpWriteSession(env.php, id, `$_SESSION['back'] = true;`);
      expect(Buffer.from((await eventually(env, id, 5000)) ?? []).toString()).toBe('back|b:1;');
      await env.store.verify(T);
    });

    it('close() is idempotent and later calls reject', async () => {
      await env.store.close();
      await env.store.close();
      await expectCode(env.store.load(newSessionId(), T), ['STORE_UNAVAILABLE']);
    });
  });
}
