import cluster from 'node:cluster';
import { ConfigError, loadConfig, type Config } from './config';
import { createLogger } from './shared/logger';
import { startService } from './server';
import { startServiceCluster } from './service-cluster';
import { installShutdownHandlers } from './shutdown';
import { builtClientExists } from './app';
import { startSimulatedTwitch, type SimulatedTwitch } from './twitch/simulated-twitch';
import { startBotProcess } from './chat-bot/bot-process';

function printBanner(config: Config, url: string, processes: number, twitch: SimulatedTwitch | null): void {
  const base = config.http.publicUrl;
  const lines = [
    '',
    `  AuraStream is running at ${url}${processes > 1 ? ` (${processes} service processes)` : ''}`,
    builtClientExists('dashboard') && `    Dashboard:           ${base}/`,
    `    API docs:            ${base}/api/docs`,
    builtClientExists('extension') && `    Extension harness:   ${base}/extension/`,
    `    Outbox (e-mails):    ${config.email.smtpUrl ? 'SMTP' : config.email.outboxDir}`,
    twitch && `    Simulated Twitch:    ${twitch.url} (fake streamers and viewers; npm run twitch:fake -- help)`,
    config.chatBot.inProcess &&
      config.twitch.clientId &&
      `    Chat bot:            ${config.chatBot.transport} (turn it on in the dashboard's Live → Bot)`,
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

  // development without Twitch credentials: the fake Twitch runs here, once, and the settings point at it
  const twitch = config.twitch.simulated && cluster.isPrimary ? await startSimulatedTwitch(config, logger) : null;
  if (twitch) {
    config = loadConfig({ ...process.env, ...twitch.settings });
  }
  const stopTwitch = async () => {
    await twitch?.stop();
  };

  if (processes > 1 && cluster.isPrimary) {
    const primary = await startServiceCluster(config, processes, logger, twitch?.settings ?? {});
    installShutdownHandlers(async () => {
      await primary.stop();
      await stopTwitch();
    }, logger);
    logger.info({ url: primary.url, processes }, 'AuraStream is running');
    printBanner(config, primary.url, processes, twitch);
    return;
  }

  const service = await startService(config, { logger }).catch(async (error: unknown) => {
    await stopTwitch();
    throw error;
  });
  if (cluster.isWorker) {
    // the primary relays Ctrl+C as SIGTERM; reacting to the terminal's SIGINT too would be a second signal
    installShutdownHandlers(() => service.stop(), logger, { signals: ['SIGTERM'] });
    process.on('SIGINT', () => undefined);
    return;
  }
  // the chat bot runs beside the service whenever Twitch is configured (the simulated one included)
  const bot =
    config.chatBot.inProcess && config.twitch.clientId
      ? await startBotProcess(service, twitch?.settings ?? {}).catch((error: unknown) => {
          logger.error({ err: error }, 'the chat bot could not start');
          return null;
        })
      : null;
  installShutdownHandlers(async () => {
    await bot?.stop();
    await service.stop();
    await stopTwitch();
  }, logger);
  logger.info({ url: service.url }, 'AuraStream is running');
  printBanner(config, service.url, 1, twitch);
}

main().catch((error: unknown) => {
  process.stderr.write(`AuraStream failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
