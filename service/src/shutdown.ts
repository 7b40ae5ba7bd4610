import type { Logger } from './shared/logger';

/**
 * Ctrl+C reaches every process in the terminal's group, and `npm` and the bootstrap script pass it on
 * as well, so one key press can arrive as several signals within milliseconds. Only a signal
 * arriving later counts as a second request to stop.
 */
const sameSignalWindowMs = 1000;

/** Stops gracefully on SIGTERM/SIGINT (or the given signals); a second, later signal exits at once. */
export function installShutdownHandlers(
  stop: () => Promise<void>,
  logger: Logger,
  options: { signals?: NodeJS.Signals[] } = {},
): void {
  let firstSignalAt: number | null = null;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (firstSignalAt !== null) {
      if (Date.now() - firstSignalAt > sameSignalWindowMs) {
        logger.warn({ signal }, 'second signal: exiting without finishing the shutdown');
        process.exit(1);
      }
      return;
    }
    firstSignalAt = Date.now();
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
