import cluster from 'node:cluster';
import { ConfigError, loadConfig, type Config } from './config';
import { createLogger } from './shared/logger';
import { startService } from './server';
import { startServiceCluster } from './service-cluster';
import { installShutdownHandlers } from './shutdown';
import { builtClientExists } from './app';

function printBanner(config: Config, url: string, processes: number): void {
  const base = config.http.publicUrl;
  const lines = [
    '',
    `  AuraStream is running at ${url}${processes > 1 ? ` (${processes} service processes)` : ''}`,
    builtClientExists('dashboard') && `    Dashboard:           ${base}/`,
    `    API docs:            ${base}/api/docs`,
    builtClientExists('extension') && `    Extension harness:   ${base}/extension/`,
    `    Outbox (e-mails):    ${config.email.smtpUrl ? 'SMTP' : config.email.outboxDir}`,
    '',
  ];
  process.stdout.write(`${lines.filter((line) => line !== false).join('\n')}\n`);
}

/** `npm start`: the service with its embedded defaults, in one process or several (SERVICE_PROCESSES). */
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
  const processes = config.http.processes;

  if (processes > 1 && cluster.isPrimary) {
    const primary = await startServiceCluster(config, processes, logger);
    installShutdownHandlers(() => primary.stop(), logger);
    logger.info({ url: primary.url, processes }, 'AuraStream is running');
    printBanner(config, primary.url, processes);
    return;
  }

  const service = await startService(config, { logger });
  if (cluster.isWorker) {
    // the primary relays Ctrl+C as SIGTERM; reacting to the terminal's SIGINT too would be a second signal
    installShutdownHandlers(() => service.stop(), logger, { signals: ['SIGTERM'] });
    process.on('SIGINT', () => undefined);
    return;
  }
  installShutdownHandlers(() => service.stop(), logger);
  logger.info({ url: service.url }, 'AuraStream is running');
  printBanner(config, service.url, 1);
}

main().catch((error: unknown) => {
  process.stderr.write(`AuraStream failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
