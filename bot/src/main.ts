import { AuraStreamBot } from './aurastream-bot';
import { BotConfigError, loadBotConfig } from './config';
import { createBotLogger } from './logger';

/** `npm run bot`: the chat bot process, until SIGINT or SIGTERM. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadBotConfig();
  } catch (error) {
    if (error instanceof BotConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const logger = createBotLogger(config.logLevel);
  const bot = new AuraStreamBot({ ...config, logger });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      return;
    }
    stopping = true;
    logger.info({ signal }, 'the chat bot is stopping');
    bot
      .stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'the chat bot did not stop cleanly');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  await bot.start();
  logger.info({ id: bot.id, service: config.serviceUrl }, 'the chat bot is running');
}

main().catch((error: unknown) => {
  process.stderr.write(`The chat bot failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
