import { ConfigError, loadConfig } from './config';
import { createLogger } from './shared/logger';
import { startService } from './server';
import { installShutdownHandlers } from './shutdown';

/** `npm start`: the service with its embedded defaults. */
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
  const logger = createLogger({ level: config.logLevel });
  const service = await startService(config, { logger });
  installShutdownHandlers(() => service.stop(), logger);
  const base = config.http.publicUrl;
  logger.info(
    { url: service.url, dashboard: `${base}/`, apiDocs: `${base}/api/docs`, extension: `${base}/extension/` },
    'AuraStream is running',
  );
  process.stdout.write(
    [
      '',
      `  AuraStream is running at ${service.url}`,
      `    Dashboard:           ${base}/`,
      `    API docs:            ${base}/api/docs`,
      `    Extension harness:   ${base}/extension/`,
      `    Outbox (e-mails):    ${config.email.smtpUrl ? 'SMTP' : config.email.outboxDir}`,
      '',
    ].join('\n') + '\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`AuraStream failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
