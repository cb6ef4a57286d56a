/**
 * Symfony 5.4 (Debian's php-symfony-*, /usr/share/php/Symfony) writes a session into memcached for
 * real: test/harness/symfony/write-memcached-session.php runs one visitor's request through
 * SessionHandlerFactory('memcached://…') → MemcachedSessionHandler, NativeSessionStorage, Session,
 * a login (SessionAuthenticationStrategy migrate + UsernamePasswordToken) and the firewall's
 * ContextListener that stores the token. Servers are the caller's (test/harness/servers.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { havePhpExtensions } from './php.js';
import { findProgram, havePrograms } from './programs.js';

const SCRIPT = fileURLToPath(new URL('./symfony/write-memcached-session.php', import.meta.url));
const PACKAGES = [
  '/usr/share/php/Symfony/Component/HttpFoundation/autoload.php',
  '/usr/share/php/Symfony/Component/Cache/autoload.php',
  '/usr/share/php/Symfony/Component/Security/Http/autoload.php',
];

export interface SymfonyMemcachedSessionOptions {
  /** The memcached servers of the DSN, in order (several: Symfony's client places by the whole key). */
  servers: ReadonlyArray<{ host: string; port: number }>;
  /** true: user `alice` (ROLE_USER) logs in on firewall `main`; false: a visitor with no token. */
  loggedIn: boolean;
  /** A cart big enough (> 2,000 bytes) for php-memcached to fastlz-compress the session (flags 0x50). */
  bigPayload?: boolean;
  /** A second request: the visitor of this session id logs out (the session is invalidated). */
  logoutId?: string;
}

export interface SymfonyMemcachedSession {
  /** The session id after the request (a login migrates it: the old one is destroyed). */
  id: string;
  /** The memcached key: `sf2s` + id. */
  key: string;
  /** The id the request started with. */
  previousId: string;
}

/** php with the memcached extension and Debian's Symfony packages (same skip/CI rule as havePrograms). */
export function haveSymfony(): boolean {
  if (!havePhpExtensions('memcached')) return false;
  const missing = PACKAGES.filter((p) => !existsSync(p));
  return missing.length === 0 || havePrograms(...missing.map((p) => `php-symfony(${p})`));
}

/** The bundles a whole Symfony application needs (test/harness/symfony-app/): framework-bundle, security-bundle, yaml, dotenv. */
const APP_PACKAGES = [
  '/usr/share/php/Symfony/Bundle/FrameworkBundle/autoload.php',
  '/usr/share/php/Symfony/Bundle/SecurityBundle/autoload.php',
  '/usr/share/php/Symfony/Component/Yaml/autoload.php',
  '/usr/share/php/Symfony/Component/Dotenv/autoload.php',
];

/** haveSymfony() and the packages of a whole application (same skip/CI rule as havePrograms). */
export function haveSymfonyApp(): boolean {
  if (!haveSymfony()) return false;
  const missing = APP_PACKAGES.filter((p) => !existsSync(p));
  return missing.length === 0 || havePrograms(...missing.map((p) => `php-symfony(${p})`));
}

/** One request of a Symfony app that stores its session in memcached; returns where it went. */
export function symfonyWriteMemcachedSession(opts: SymfonyMemcachedSessionOptions): SymfonyMemcachedSession {
  const php = findProgram('php');
  if (!php) throw new Error('php not found');
  const input = {
    servers: opts.servers.map(({ host, port }) => ({ host, port })),
    loggedIn: opts.loggedIn,
    bigPayload: opts.bigPayload ?? false,
    ...(opts.logoutId !== undefined && { logoutId: opts.logoutId }),
  };
  const res = spawnSync(php, ['-d', 'display_errors=stderr', '-d', 'log_errors=0', '-d', 'error_reporting=-1', SCRIPT], {
    input: JSON.stringify(input),
    encoding: 'utf8',
  });
  if (res.status !== 0) throw new Error(`php ${SCRIPT} exited ${res.status}: ${res.stderr}\n${res.stdout.slice(0, 500)}`);
  return JSON.parse(res.stdout) as SymfonyMemcachedSession;
}
