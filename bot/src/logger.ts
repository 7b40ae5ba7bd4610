import { pino, type Logger } from 'pino';

export type BotLogger = Logger;

export function createBotLogger(level: string): BotLogger {
  return pino({ name: 'aurastream-bot', level });
}
