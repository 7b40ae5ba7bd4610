import { pino, type DestinationStream, type Logger } from 'pino';
import { isCredentialName, REDACTED, redactText } from './log-redaction';
import { currentRequestContext } from '../observability/request-context';

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
  'req.headers["x-extension-jwt"]',
  'res.headers["set-cookie"]',
  'secret',
  '*.secret',
  'apiKey',
  '*.apiKey',
];

/** Properties of errors that carry what was sent or received (bodies, request options with headers). */
const droppedErrorFields = new Set(['body', 'config', 'request', 'response', 'headers', 'options', 'raw']);

/**
 * pino's error serializer, then credentials out: an error's message or stack may quote a URL with
 * a token in its query (twurple's do), and some errors carry the request body or headers.
 */
export function serializeError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown;
  if (typeof serialized !== 'object' || serialized === null) {
    return typeof serialized === 'string' ? redactText(serialized) : serialized;
  }
  const safe: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(serialized)) {
    if (droppedErrorFields.has(key)) {
      continue;
    }
    if (isCredentialName(key) && key !== 'code') {
      safe[key] = REDACTED;
    } else if (typeof value === 'string') {
      safe[key] = redactText(value);
    } else if (key === 'cause' || key === 'aggregateErrors') {
      safe[key] = Array.isArray(value) ? value.map(serializeError) : serializeError(value);
    } else {
      safe[key] = value;
    }
  }
  return safe;
}

/** The mixin of a line written outside any request or job. */
const NO_CONTEXT = Object.freeze({});

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
    redact: { paths: redactedPaths, censor: REDACTED },
    serializers: { err: serializeError },
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    // every line written while a request or a job runs names its request (and job): one request
    // can be followed from the service that took it to the worker that ran its job
    mixin: () => currentRequestContext() ?? NO_CONTEXT,
    // into a new object: pino's default assigns a line's fields onto the mixin's, which is the
    // request's context itself, and they would stick to every later line of the request
    mixinMergeStrategy: (fields: object, context: object) =>
      context === NO_CONTEXT ? fields : Object.assign({}, context, fields),
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
