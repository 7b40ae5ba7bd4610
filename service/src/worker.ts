import { ConfigError, loadConfig } from './config';
import { createLogger } from './shared/logger';
import { startService } from './server';
import { installShutdownHandlers } from './shutdown';

/** `npm run worker`: a job worker without HTTP, for scaling generation out of the API process. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  if (!config.mongo.uri || !config.redis.url) {
    process.stderr.write(
      'npm run worker joins a running service: set MONGODB_URI and REDIS_URL to the ones the service uses.\n',
    );
    process.exit(78);
  }
  const logger = createLogger({ level: config.logLevel, name: 'aurastream-worker' });
  const worker = await startService(config, { logger, runWorker: true, serveHttp: false });
  installShutdownHandlers(worker.stop, logger);
  logger.info('AuraStream worker is running');
}

main().catch((error: unknown) => {
  process.stderr.write(`AuraStream worker failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
