/** Shared by the decision-cache tests: real PHP writing files sessions, and asking the real service. */
import { spawn } from 'node:child_process';
import { request, type Agent } from 'node:http';
import type { RunningIsauth } from '../../harness/isauth.js';
import { iniFor } from '../../harness/php-session.js';
import { findProgram } from '../../harness/programs.js';

/** Both states have the same size: `user` (logged in) or `uxer` (not), same value. */
export const code = (loggedIn: boolean) => `$_SESSION = ['${loggedIn ? 'user' : 'uxer'}' => 'alice', 'n' => 1];`;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Longer than the files store's settle time: a read now may be cached (LOCKED_SETTLE_MS + margin). */
export const SETTLED_MS = 180;

export interface Answer {
  readonly variant: string;
  readonly state: string;
}

export function ask(isauth: RunningIsauth, agent: Agent, id: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: isauth.port, path: '/auth', agent, headers: { cookie: `PHPSESSID=${id}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ variant: String(res.headers['x-cache-variant']), state: String(res.headers['x-auth-state']) }));
    });
    req.setTimeout(15_000, () => req.destroy(new Error('no answer in 15 s')));
    req.on('error', reject);
    req.end();
  });
}

export async function cacheHits(isauth: RunningIsauth): Promise<number> {
  const m = /^isauth_decision_cache_hits_total ([0-9.e+]+)$/m.exec((await isauth.get('/metrics')).body);
  if (!m?.[1]) throw new Error('no isauth_decision_cache_hits_total in /metrics');
  return Number(m[1]);
}

/** A long-running PHP that rewrites session `id` to the state it is told, one line at a time. */
export function phpWriter(dir: string) {
  const ini = Object.entries(iniFor({ handler: 'files', savePath: dir })).flatMap(([k, v]) => ['-d', `${k}=${v}`]);
  const php = spawn(findProgram('php')!, [...ini, '-r', `
    while (($line = fgets(STDIN)) !== false) {
      [$id, $in] = explode(' ', trim($line));
      session_id($id);
      if (!session_start()) exit(3);
      $_SESSION = [($in === '1' ? 'user' : 'uxer') => 'alice', 'n' => 1];
      if (!session_write_close()) exit(4);
      echo "ok\\n"; fflush(STDOUT);
    }`]);
  let buffered = '';
  const waiting: Array<() => void> = [];
  php.stdout.on('data', (d: Buffer) => {
    buffered += d.toString();
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      buffered = buffered.slice(nl + 1);
      waiting.shift()?.();
    }
  });
  let stderr = '';
  php.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return {
    /** Resolves when PHP's session_write_close() has returned. */
    write: (id: string, loggedIn: boolean) =>
      new Promise<void>((resolve, reject) => {
        if (php.exitCode !== null) reject(new Error(`php exited ${php.exitCode}: ${stderr}`));
        waiting.push(resolve);
        php.stdin.write(`${id} ${loggedIn ? 1 : 0}\n`);
      }),
    end: () => new Promise<void>((r) => (php.exitCode !== null ? r() : (php.on('exit', () => r()), php.stdin.end()))),
  };
}

export const expected = (loggedIn: boolean): Answer => (loggedIn ? { variant: 'auth', state: '1' } : { variant: 'anon', state: '0' });
