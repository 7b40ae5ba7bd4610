import { pino, type DestinationStream, type Logger } from 'pino';

export type BotLogger = Logger;

/** The bot's logger: standard output, or `destination` (tests keep each run's logs in a file). */
export function createBotLogger(level: string, destination?: DestinationStream): BotLogger {
  const settings = { name: 'aurastream-bot', level };
  return destination ? pino(settings, destination) : pino(settings);
}
