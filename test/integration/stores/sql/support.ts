/**
 * The SQL stores read through the service's own stages: the config loader, the plain profile
 * (with src/profiles/sql.ts), createStore and the runner — as src/serve/start.ts assembles them.
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../../../src/config/load.js';
import type { Config } from '../../../../src/options/schema.js';
import type { Runner } from '../../../../src/pipeline/runner.js';
import { assemble } from '../../../../src/pipeline/assemble.js';
import { createStore } from '../../../../src/stores/factory.js';
import type { SessionStore } from '../../../../src/stores/types.js';

export interface SqlService {
  config: Config;
  store: SessionStore;
  path: Runner;
}

export function sqlService(args: string[]): SqlService {
  const loaded = loadConfig([...args, '--timeout', '1000'], {});
  if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
  const { config } = loaded;
  const parts = assemble(config);
  const store = createStore(parts.storeSpec, { maxAgeSeconds: config.maxAge, maxBytes: config.maxSessionBytes });
  return { config, store, path: parts.runner(store) };
}

/** A PHP-alphabet session id (32 of [a-z0-9]). */
export const newId = (): string => randomBytes(16).toString('hex');

export const HOSTILE = [
  "' OR '1'='1",
  "x'; DROP TABLE sessions; --",
  'abc" OR 1=1 --',
  'abc\\\' UNION SELECT 1 --',
  '1;SELECT SLEEP(5)',
];
