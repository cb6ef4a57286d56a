/**
 * Ctrl-C / SIGTERM: exit at once. process.exit runs the 'exit' handlers of the harness, which end
 * every process it started (memcached: SIGKILL; nginx, php-fpm, isauth: SIGTERM) and remove the
 * temp dirs. Without this, a signal would end the bench without those handlers.
 */
export function exitOnSignals(): void {
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      process.stderr.write(`\nbench: ${sig}, stopping everything\n`);
      process.exit(130);
    });
  }
}
