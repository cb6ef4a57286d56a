/**
 * Whole framework applications for `isauth init` tests: a copy of a template under
 * test/harness/ (laravel-app/, symfony-app/, django-app/) with the test's own settings files,
 * readable by everyone and with its writable directories owned by `www-data` (who runs it, as
 * php-fpm's pool does); served over HTTP by the framework's own development server (PHP's
 * built-in server, Django's runserver) as that user; and a small HTTP client that keeps the
 * cookies a response sets. The application's answer to `GET /` for a cookie is what the
 * framework decides for that session: "(logged in)" or "guest".
 */
import { chmodSync, chownSync, cpSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findProgram } from './programs.js';
import { spawnTracked } from './process.js';
import { freePort, tempDir, waitForPort } from './servers.js';
import { userByName } from '../../src/init/users.js';

export const TEMPLATES = {
  laravel: fileURLToPath(new URL('./laravel-app', import.meta.url)),
  symfony: fileURLToPath(new URL('./symfony-app', import.meta.url)),
  django: fileURLToPath(new URL('./django-app', import.meta.url)),
} as const;

export const APP_USER = 'www-data';

function appUser(): { uid: number; gid: number } {
  const u = userByName(APP_USER);
  if (u === undefined) throw new Error(`user ${APP_USER} missing`);
  return u;
}

function chownTree(p: string, uid: number, gid: number): void {
  chownSync(p, uid, gid);
  if (statSync(p).isDirectory()) for (const e of readdirSync(p)) chownTree(join(p, e), uid, gid);
}

/**
 * A copy of `template` with `files` (relative path → content) written into it; everything
 * readable by all, the `writable` directories (and files) owned by www-data.
 */
export function appCopy(template: keyof typeof TEMPLATES, files: Readonly<Record<string, string>>, writable: readonly string[]): string {
  const dir = join(tempDir(`${template}-app`), 'app');
  cpSync(TEMPLATES[template], dir, { recursive: true });
  for (const [rel, text] of Object.entries(files)) writeFileSync(join(dir, rel), text);
  const open = (p: string): void => {
    const st = statSync(p);
    chmodSync(p, st.isDirectory() || (st.mode & 0o100) !== 0 ? 0o755 : 0o644);
    if (st.isDirectory()) for (const e of readdirSync(p)) open(join(p, e));
  };
  chmodSync(join(dir, '..'), 0o755);
  open(dir);
  const { uid, gid } = appUser();
  for (const w of writable) chownTree(join(dir, w), uid, gid);
  return dir;
}

export interface RunningApp {
  readonly url: string;
  output(): string;
  stop(): Promise<void>;
}

/** The framework's development server, run as www-data: `php [-c PHP_INI] -S` or `manage.py runserver`. */
export async function serveApp(kind: keyof typeof TEMPLATES, dir: string, env: Readonly<Record<string, string>> = {}, phpIni?: string): Promise<RunningApp> {
  const port = await freePort();
  const { uid, gid } = appUser();
  const [program, args] =
    kind === 'django'
      ? [process.env.DJANGO_PYTHON ?? '/usr/bin/python3', ['manage.py', 'runserver', `127.0.0.1:${port}`, '--noreload', '--nothreading']]
      : [findProgram('php') ?? 'php', [...(phpIni === undefined ? [] : ['-c', phpIni]), '-S', `127.0.0.1:${port}`, '-t', 'public', 'public/index.php']];
  const child = spawnTracked(`${kind} app`, program, args, {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, ...env },
    uid,
    gid,
  });
  await child.started(waitForPort(port, 20_000));
  return { url: `http://127.0.0.1:${port}`, output: () => child.output(), stop: () => child.stop() };
}

export interface Answer {
  readonly status: number;
  readonly body: string;
  readonly headers: Record<string, string | string[] | undefined>;
  /** Cookies set by the response (name → value as sent, URL-encoded). */
  readonly cookies: ReadonlyMap<string, string>;
}

/** One request; `cookie` is sent as the Cookie header; a form body is URL-encoded. */
export function http(url: string, o: { method?: string; cookie?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Answer> {
  const body = o.form === undefined ? undefined : new URLSearchParams(o.form).toString();
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: o.method ?? 'GET',
      agent: false,
      headers: {
        ...(o.cookie !== undefined && { cookie: o.cookie }),
        ...(body !== undefined && { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) }),
        ...o.headers,
      },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        const cookies = new Map<string, string>();
        for (const c of res.headers['set-cookie'] ?? []) {
          const m = /^([^=;\s]+)=([^;]*)/.exec(c);
          if (m) cookies.set(m[1]!, m[2]!);
        }
        resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers, cookies });
      });
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`${url}: timeout`)));
    req.on('error', reject);
    req.end(body);
  });
}
