/**
 * `isauth serve`: load and validate the configuration (all problems listed at once, exit 78),
 * then run the service until SIGTERM/SIGINT: answer `Connection: close` while draining, finish
 * in-flight requests, close the store, exit 0. With `--workers N > 1` a cluster primary
 * supervises N workers. SIGHUP is IGNORED (logged): isauth logs to stdout/stderr only, so there is
 * no log file to reopen; the process manager or journald owns the files.
 */
import cluster from 'node:cluster';
import { pino, stdTimeFunctions, type Logger } from 'pino';
import { loadConfig, summarizeConfig, type Config } from '../config/index.js';
import { packageVersion } from '../version.js';
import { shownStore } from '../options/store.js';
import { clearStaleSocket } from '../listen/index.js';
import { startService } from '../serve/start.js';
import { PROFILES } from '../profiles/index.js';
import { runPrimary } from '../serve/workers.js';
import { SAFE_SERIALIZERS } from '../observe/log-safety.js';
import { assemble } from '../pipeline/assemble.js';
import { EXIT } from '../exit.js';
import { USAGE } from './usage.js';

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
}

async function runWorker(config: Config, logger: Logger): Promise<number> {
  const service = await startService(config, logger);
  logger.info(
    {
      listen: service.address,
      textListen: service.textAddress,
      store: shownStore(config.store),
      framework: config.framework,
      // Only where --serializer means something (WordPress, Django… fix their own format).
      ...(PROFILES[config.framework].refuses?.includes('serializer') ? {} : { serializer: config.serializer }),
    },
    'isauth listening',
  );
  // Serve anyway (answers are anon/bypass until the store works); a failure is logged (once) by
  // the readiness check itself.
  service.verifyStore().catch(() => undefined);
  const signal = await waitForSignal();
  logger.info({ signal }, 'shutting down: finishing in-flight requests');
  await service.close();
  logger.info('stopped');
  return 0;
}

export async function runServe(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const loaded = loadConfig(argv, env);
  if ('errors' in loaded) {
    process.stderr.write(`isauth: CONFIG_INVALID: ${loaded.errors.length} problem(s):\n`);
    for (const e of loaded.errors) process.stderr.write(`  - ${e}\n`);
    return EXIT.config;
  }
  if (loaded.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (loaded.version) {
    process.stdout.write(`isauth ${packageVersion()}\n`);
    return 0;
  }
  const { config } = loaded;
  if (loaded.checkOnly) {
    process.stdout.write(`config OK${loaded.configFile ? ` (${loaded.configFile})` : ''}\n`);
    for (const line of summarizeConfig(config, loaded.origins)) process.stdout.write(`  ${line}\n`);
    for (const w of loaded.warnings) process.stdout.write(`  warning: ${w}\n`);
    for (const n of loaded.notes) process.stdout.write(`  note: ${n}\n`);
    return loaded.probe ? probe(config) : 0;
  }
  const logger = pino({
    level: config.logLevel,
    base: { pid: process.pid },
    serializers: SAFE_SERIALIZERS,
    ...(config.logTime === 'iso' && { timestamp: stdTimeFunctions.isoTime }),
  });
  process.on('SIGHUP', () => logger.info('SIGHUP ignored: isauth logs to stdout/stderr, there is no log file to reopen'));
  for (const w of loaded.warnings) logger.warn(w);
  for (const n of loaded.notes) logger.info(n);
  if (config.workers > 1 && cluster.isPrimary) {
    logger.info({ workers: config.workers }, 'starting workers');
    if ('path' in config.listen) await clearStaleSocket(config.listen.path);
    if (config.textListen !== null && 'path' in config.textListen) await clearStaleSocket(config.textListen.path);
    return runPrimary(config.workers, logger);
  }
  try {
    return await runWorker(config, logger);
  } catch (err) {
    logger.fatal({ err }, 'cannot start');
    return 1;
  }
}

/** `--check-config --probe`: the store's readiness check once (a read: PING, version, the directory). */
async function probe(config: Config): Promise<number> {
  const store = await assemble(config).openStore();
  try {
    await store.verify(Math.max(config.timeout, 1000));
    process.stdout.write(`probe OK: the ${store.kind} store answered\n`);
    return 0;
  } catch (err) {
    const e = err as { code?: string; message?: string };
    process.stdout.write(`probe FAILED: ${e.code ?? 'error'}: ${e.message ?? String(err)}\n`);
    return 1;
  } finally {
    await store.close();
  }
}
