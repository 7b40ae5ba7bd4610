import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Field names whose values never reach a log line. */
const redactedPaths = [
  'password',
  '*.password',
  'new_password',
  'current_password',
  'token',
  '*.token',
  'access_token',
  'refresh_token',
  '*.access_token',
  '*.refresh_token',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'secret',
  '*.secret',
  'apiKey',
  '*.apiKey',
];

export function createLogger(options: {
  level: string;
  name?: string;
  pretty?: boolean;
  /** Where the lines go; standard output when absent (tests capture them). */
  destination?: DestinationStream;
}): Logger {
  const settings = {
    name: options.name ?? 'aurastream',
    level: options.level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
