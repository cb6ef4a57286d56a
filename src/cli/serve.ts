/**
 * `isauth serve`: load and validate the configuration (all problems listed at once, exit 2),
 * then run the service until SIGTERM/SIGINT: stop accepting, finish in-flight requests, close
 * the store, exit 0. With `--workers N > 1` a cluster primary supervises N workers.
 */
import cluster from 'node:cluster';
import { pino, type Logger } from 'pino';
import { loadConfig, renderHelp, summarizeConfig, type Config } from '../config/index.js';
import { packageVersion } from './version.js';
import { redactStoreUrl } from '../config/store.js';
import { clearStaleSocket } from '../http/listen.js';
import { startService } from '../serve/start.js';
import { runPrimary } from '../serve/workers.js';

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
}

async function runWorker(config: Config, logger: Logger): Promise<number> {
  const service = await startService(config, logger);
  logger.info(
    { listen: service.address, textListen: service.textAddress, store: redactStoreUrl(config.store.url), serializer: config.serializer },
    'isauth listening',
  );
  // Serve anyway (answers are anon/bypass until the store works), but say so at once.
  service.verifyStore().catch((err: unknown) => logger.warn({ err }, 'the session store is not reachable yet; /readyz answers 503 until it is'));
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
    return 2;
  }
  if (loaded.help) {
    process.stdout.write(renderHelp());
    return 0;
  }
  if (loaded.version) {
    process.stdout.write(`isauth ${packageVersion()}\n`);
    return 0;
  }
  const { config } = loaded;
  if (loaded.checkOnly) {
    process.stdout.write(`config OK${loaded.configFile ? ` (${loaded.configFile})` : ''}\n`);
    for (const line of summarizeConfig(config)) process.stdout.write(`  ${line}\n`);
    for (const w of loaded.warnings) process.stdout.write(`  warning: ${w}\n`);
    return 0;
  }
  const logger = pino({ level: config.logLevel, base: { pid: process.pid } });
  for (const w of loaded.warnings) logger.warn(w);
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
