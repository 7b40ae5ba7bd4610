import { ConfigError, loadConfig } from './config';
import { createLogger } from './shared/logger';
import { startService } from './server';
import { installShutdownHandlers } from './shutdown';
import { builtClientExists } from './app';

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
  const urls = {
    dashboard: builtClientExists('dashboard') ? `${base}/` : null,
    apiDocs: `${base}/api/docs`,
    extension: builtClientExists('extension') ? `${base}/extension/` : null,
  };
  logger.info({ url: service.url, ...urls }, 'AuraStream is running');
  const lines = [
    '',
    `  AuraStream is running at ${service.url}`,
    urls.dashboard && `    Dashboard:           ${urls.dashboard}`,
    `    API docs:            ${urls.apiDocs}`,
    urls.extension && `    Extension harness:   ${urls.extension}`,
    `    Outbox (e-mails):    ${config.email.smtpUrl ? 'SMTP' : config.email.outboxDir}`,
    '',
  ];
  process.stdout.write(`${lines.filter((line) => line !== null).join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`AuraStream failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
