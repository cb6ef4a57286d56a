/**
 * Assemble one isauth service from the validated configuration: the profile picks the stages,
 * the store and rules come from their options (src/pipeline/assemble.ts), one runner joins them
 * (src/pipeline/runner.ts),
 * the HTTP app answers with them. `close()` stops accepting, lets in-flight requests finish, then
 * closes the store.
 */
import cluster from 'node:cluster';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../options/schema.js';
import { buildApp } from '../http/app.js';
import { listen } from '../http/listen.js';
import { createDecisionObserver } from '../observe/decisions.js';
import { createMetrics } from '../observe/metrics.js';
import { assemble } from '../pipeline/assemble.js';
import { sessionReader } from '../pipeline/read.js';
import type { Runner } from '../pipeline/runner.js';
import { startTextServer, textServerOptions, type TextServer } from '../text-protocol/server.js';
import { packageVersion } from '../version.js';
import { drain, observability } from './observe.js';

export interface Service {
  readonly address: string;
  /** Where the text protocol listens (`--text-listen`), if on. */
  readonly textAddress: string | undefined;
  readonly app: FastifyInstance;
  readonly runner: Runner;
  /** What /readyz checks: resolves when the store is reachable. */
  verifyStore(): Promise<void>;
  close(): Promise<void>;
}

export async function startService(config: Config, logger: Logger): Promise<Service> {
  const parts = assemble(config);
  const kind = parts.storeKind;
  const obs = observability(config, logger, kind);
  const metrics = config.metrics ? createMetrics(kind, parts.rules.variantNames, packageVersion()) : undefined;
  const store = await parts.openStore(obs.onStoreHealth, (e) => {
    obs.onStoreCircuit(e);
    metrics?.circuit(e.open);
  });
  if (store.readNote !== undefined) logger.info({ store: kind }, store.readNote);
  // Every entry point (HTTP, the text protocol) reports its decisions to this one observer.
  const observer = createDecisionObserver({ metrics, failureLog: obs.failureLog, accessLog: obs.accessLog, logger });
  const runner = parts.runner(store, observer.stages);
  if (store.identify !== undefined) {
    const c = runner.decisionCache;
    logger.info({ store: kind }, c === undefined ? 'decision cache off (--decision-cache 0, or a stage depends on the clock)' : `decision cache on: up to ${c.maxEntries} decisions by exact file identity`);
  }
  // Read access (GET /sessions/…, the text protocol's get/keys…): the same stages, every variable decoded.
  const reader = sessionReader(parts.inspectRunner(store));
  // Readiness may take longer than a page's deadline: at least 1 s.
  const logged = obs.readiness(() => store.verify(Math.max(config.timeout, 1000)), kind);
  // isauth_ready follows every check (and a scrape checks when the last one is old).
  const verifyStore = metrics === undefined ? logged : metrics.readiness(logged);
  let draining = false;
  const app = buildApp({
    runner,
    observer,
    verifyStore,
    metrics,
    logger,
    cookieName: config.cookie,
    ...(parts.stages.cookieJar && { cookieJar: parts.stages.cookieJar }),
    sessionHeader: config.sessionHeader,
    inspect: { reader, token: config.inspectToken },
    metricsElsewhere: config.metricsListen !== null,
    draining: () => draining,
  });
  let address: string;
  let text: TextServer | undefined;
  try {
    address = await listen(app, config.listen, config.socketMode, !cluster.isWorker);
    const metricsAddress = await obs.listenMetrics(verifyStore, metrics);
    if (metricsAddress !== undefined) logger.info({ listen: metricsAddress }, 'metrics and health endpoints listening');
    if (config.textListen !== null) text = await startTextServer(textServerOptions(config, { runner, reader, observer }, logger));
  } catch (err) {
    await app.close();
    await store.close();
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    address,
    textAddress: text?.address,
    app,
    runner,
    verifyStore,
    close() {
      closing ??= (async () => {
        // Answers carry `Connection: close` from now on; nginx retires its connections after a
        // complete answer while the listener stays open (DRAIN_MS), so none of them is reset.
        draining = true;
        await drain(app.server);
        // Close the idle pooled connections while the listener is still open: should nginx take
        // one in the same instant (a TCP race no protocol removes), its retry on a fresh
        // connection is still answered instead of refused.
        app.server.closeIdleConnections();
        await new Promise((r) => setTimeout(r, 50));
        // server.close() reaps idle keep-alive sockets only once, at the start; nginx's pooled
        // connections become idle as their last request finishes, so keep reaping until closed.
        const reaper = setInterval(() => app.server.closeIdleConnections(), 50);
        try {
          await Promise.all([app.close(), text?.close()]);
        } finally {
          clearInterval(reaper);
        }
        await obs.close();
        await store.close();
      })();
      return closing;
    },
  };
}
