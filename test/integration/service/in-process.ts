/** Start an isauth service in this process (real store, real HTTP) for integration tests. */
import { pino } from 'pino';
import { startService, type Service, type ServiceSettings } from '../../../src/serve/start.js';
import { parseStoreUrl } from '../../../src/stores/url.js';

export interface TestService {
  readonly service: Service;
  readonly base: string;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /** GET /auth with the session cookie; returns [variant, state]. */
  auth(cookie: string | undefined): Promise<[string | null, string | null]>;
  close(): Promise<void>;
}

export async function startTestService(
  storeUrl: string,
  overrides: Partial<Omit<ServiceSettings, 'store'>> = {},
): Promise<TestService> {
  const spec = parseStoreUrl(storeUrl);
  if ('error' in spec) throw new Error(spec.error);
  const service = await startService(
    {
      listen: { host: '127.0.0.1', port: 0 },
      socketMode: 0o666,
      store: spec,
      serializer: 'php',
      cookie: 'PHPSESSID',
      sessionHeader: 'X-Session-Id',
      auth: [],
      variants: [],
      timeoutMs: 100,
      maxAgeSeconds: 1440,
      maxSessionBytes: 1024 * 1024,
      maxDepth: 64,
      metrics: true,
      ...overrides,
    },
    pino({ level: 'silent' }),
  );
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
    close: () => service.close(),
  };
}
