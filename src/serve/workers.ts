/**
 * `--workers N` with node:cluster: the primary forks N workers that share the listening socket,
 * replaces a worker that dies unexpectedly, and on SIGTERM/SIGINT asks every worker to shut down
 * gracefully before exiting 0.
 *
 * On a 2-core machine that also runs nginx and memcached, one worker is usually fastest (see the
 * README's benchmark section); more help on larger machines.
 */
import cluster from 'node:cluster';
import type { Logger } from 'pino';

export function runPrimary(workers: number, logger: Logger): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    let alive = 0;
    const fork = () => {
      alive++;
      cluster.fork();
    };
    for (let i = 0; i < workers; i++) fork();

    cluster.on('exit', (worker, code, signal) => {
      alive--;
      if (stopping) {
        if (alive === 0) resolve(0);
        return;
      }
      logger.error({ pid: worker.process.pid, code, signal }, 'worker died; starting another');
      setTimeout(fork, 500).unref();
    });

    const stop = (sig: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal: sig }, 'stopping workers');
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
      if (alive === 0) resolve(0);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}
