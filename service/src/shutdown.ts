import type { Logger } from './shared/logger';

/** Stops gracefully on SIGTERM/SIGINT (or the given signals); a second signal exits at once. */
export function installShutdownHandlers(
  stop: () => Promise<void>,
  logger: Logger,
  options: { signals?: NodeJS.Signals[] } = {},
): void {
  let shuttingDown = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (shuttingDown) {
      process.exit(1);
    }
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) {
    process.on(signal, onSignal);
  }
}
