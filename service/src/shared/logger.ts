import { pino, type Logger } from 'pino';

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

export function createLogger(options: { level: string; name?: string; pretty?: boolean }): Logger {
  return pino({
    name: options.name ?? 'aurastream',
    level: options.level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
