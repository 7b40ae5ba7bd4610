import { ConfigError, loadConfig } from './config';
import { createLogger } from './shared/logger';
import { startService } from './server';
import { installShutdownHandlers } from './shutdown';
import { readRuntimeFile } from './runtime-file';
import { runningSimulatedTwitch } from './twitch/simulated-twitch';

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
    // with embedded defaults, join the databases of the service running on this data folder
    const runtime = readRuntimeFile(config.dataDir);
    if (!runtime) {
      process.stderr.write(
        'npm run worker joins a running service: start it first (npm start), or set MONGODB_URI and REDIS_URL.\n',
      );
      process.exit(78);
    }
    config.mongo.uri ??= runtime.mongodb_uri;
    config.redis.url ??= runtime.redis_url;
  }
  if (config.twitch.simulated) {
    // the simulated Twitch runs inside the service on this data folder: use it too
    const settings = await runningSimulatedTwitch(config.dataDir);
    if (settings) {
      const joined = loadConfig({ ...process.env, ...settings });
      config = { ...joined, mongo: config.mongo, redis: config.redis };
    }
  }
  const logger = createLogger({ level: config.logLevel, name: 'aurastream-worker' });
  const worker = await startService(config, { logger, runWorker: true, serveHttp: false });
  installShutdownHandlers(() => worker.stop(), logger);
  logger.info('AuraStream worker is running');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `AuraStream worker failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
