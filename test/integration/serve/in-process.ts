/** Start an isauth service in this process (real store, real HTTP) for integration tests. */
import { pino } from 'pino';
import { loadConfig, type Config } from '../../../src/config/index.js';
import { startService, type Service } from '../../../src/serve/start.js';

export interface TestService {
  readonly service: Service;
  readonly base: string;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /** GET /auth with the session cookie; returns [variant, state]. */
  auth(cookie: string | undefined): Promise<[string | null, string | null]>;
  /** The /metrics text. */
  metrics(): Promise<string>;
  close(): Promise<void>;
}

/** The service's real configuration, from flags as a user would give them, plus typed overrides. */
export function testConfig(storeUrl: string, overrides: Partial<Config> = {}, flags: readonly string[] = []): Config {
  // A generous deadline: these tests assert decisions, not speed, and must pass on a busy machine.
  const loaded = loadConfig(['--store', storeUrl, '--max-depth', '64', '--timeout', '15000', ...flags], {});
  if ('errors' in loaded) throw new Error(loaded.errors.join('; '));
  return Object.freeze({ ...loaded.config, listen: { host: '127.0.0.1', port: 0 }, ...overrides });
}

/** Like testConfig, from flags alone (no --store): e.g. `--php-ini FILE`. */
export function testConfigFromFlags(flags: readonly string[]): Config {
  const loaded = loadConfig(['--max-depth', '64', '--timeout', '15000', ...flags], {});
  if ('errors' in loaded) throw new Error(loaded.errors.join('; '));
  return Object.freeze({ ...loaded.config, listen: { host: '127.0.0.1', port: 0 } });
}

export async function startTestService(storeUrl: string, overrides: Partial<Config> = {}, flags: readonly string[] = []): Promise<TestService> {
  return startTestServiceWith(testConfig(storeUrl, overrides, flags));
}

/** The service configured by flags only (see testConfigFromFlags). */
export function startTestServiceFromFlags(flags: readonly string[]): Promise<TestService> {
  return startTestServiceWith(testConfigFromFlags(flags));
}

async function startTestServiceWith(config: Config): Promise<TestService> {
  const service = await startService(config, pino({ level: 'silent' }));
  // As nginx would after /readyz: let the store connect before the test blocks the event loop
  // (the PHP/Python writers run synchronously; a connect timer firing during such a block would
  // leave the client between reconnect attempts). A store that is down on purpose just fails here.
  await service.verifyStore().catch(() => undefined);
  const base = `http://${service.address}`;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(base + path, { headers });
  return {
    service,
    base,
    get,
    async auth(cookie) {
      const res = await get('/auth', cookie === undefined ? {} : { cookie });
      return [res.headers.get('x-cache-variant'), res.headers.get('x-auth-state')];
    },
    metrics: async () => (await get('/metrics')).text(),
    close: () => service.close(),
  };
}
