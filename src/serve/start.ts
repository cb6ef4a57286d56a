/**
 * Assemble one isauth service from settings: store → decoder → rules → checker → HTTP app, and
 * start listening. `close()` stops accepting, lets in-flight requests finish, then closes the store.
 */
import cluster from 'node:cluster';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createChecker } from '../check/checker.js';
import { buildApp } from '../http/app.js';
import { listen, type ListenAddress } from '../http/listen.js';
import { createMetrics } from '../http/metrics.js';
import { makeSessionDecoder } from '../check/decoder.js';
import type { SerializerName } from '../php/types.js';
import { compileRules } from '../rules/index.js';
import { createStore } from '../stores/factory.js';
import type { StoreSpec } from '../stores/types.js';

export interface ServiceSettings {
  readonly listen: ListenAddress;
  readonly socketMode: number;
  readonly store: StoreSpec;
  readonly serializer: SerializerName;
  readonly cookie: string;
  readonly sessionHeader: string;
  readonly auth: readonly string[];
  /** `NAME=EXPR` strings, first match wins. */
  readonly variants: readonly string[];
  readonly timeoutMs: number;
  readonly maxAgeSeconds: number;
  readonly maxSessionBytes: number;
  readonly maxDepth: number;
  readonly metrics: boolean;
}

export interface Service {
  readonly address: string;
  readonly app: FastifyInstance;
  /** What /readyz checks: resolves when the store is reachable. */
  verifyStore(): Promise<void>;
  close(): Promise<void>;
}

export async function startService(settings: ServiceSettings, logger: Logger): Promise<Service> {
  const rules = compileRules(settings.auth, settings.variants);
  const store = createStore(settings.store, {
    maxAgeSeconds: settings.maxAgeSeconds,
    maxBytes: settings.maxSessionBytes,
  });
  const metrics = settings.metrics ? createMetrics(store.kind, settings.variants.map((v) => v.slice(0, v.indexOf('=')))) : undefined;
  const check = createChecker({
    store,
    decode: makeSessionDecoder(settings.serializer, {
      maxDepth: settings.maxDepth,
      wanted: rules.topLevelKeys ?? { has: rules.needsKey },
    }),
    decide: (s) => rules.decide(s),
    timeoutMs: settings.timeoutMs,
    ...(metrics ? { observer: metrics } : {}),
  });
  // Readiness may take longer than a page's deadline: at least 1 s.
  const verifyStore = () => store.verify(Math.max(settings.timeoutMs, 1000));
  const app = buildApp({
    check,
    storeKind: store.kind,
    verifyStore,
    metrics,
    logger,
    cookieName: settings.cookie,
    sessionHeader: settings.sessionHeader,
  });
  let address: string;
  try {
    address = await listen(app, settings.listen, settings.socketMode, !cluster.isWorker);
  } catch (err) {
    await store.close();
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    address,
    app,
    verifyStore,
    close() {
      closing ??= (async () => {
        // server.close() reaps idle keep-alive sockets only once, at the start; nginx's pooled
        // connections become idle as their last request finishes, so keep reaping until closed.
        const reaper = setInterval(() => app.server.closeIdleConnections(), 50);
        try {
          await app.close();
        } finally {
          clearInterval(reaper);
        }
        await store.close();
      })();
      return closing;
    },
  };
}
