import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from '../shared/logger';
import { requestLogSerializers } from './request-log';
import type { FlatHeaders } from './security-headers';

declare module 'node:http' {
  interface IncomingMessage {
    /** The request's id: the caller's `X-Request-Id` when well-formed, else a new UUID. */
    id: string;
  }
}

/** The answer's headers as `res.getHeaders()` lists them (lower-case names), with those written with `writeHead`. */
function headersOf(res: ServerResponse, written: FlatHeaders | undefined): Record<string, unknown> {
  const headers: Record<string, unknown> = { ...res.getHeaders() };
  for (let i = 0; written && i < written.length; i += 2) {
    headers[(written[i] as string).toLowerCase()] = written[i + 1];
  }
  return headers;
}

/** A caller's own request id is kept when it is a plain token of at most 64 characters. */
const REQUEST_ID = /^[\w-]{1,64}$/;

type Level = 'debug' | 'info' | 'warn' | 'error';

export interface RequestLog {
  /** Express middleware: the id, and the log line once the answer is done. */
  middleware: RequestHandler;
  /** The id of a request the fast path answers (kept on `req.id`, like the middleware's). */
  idFor(req: IncomingMessage): string;
  /**
   * Logs a request whose answer was just written (by the fast path), as the middleware would.
   * `written`: the headers given to `writeHead` (which `res.getHeaders()` does not list), logged
   * with the ones set on `res`, as Express's answer lists them all.
   */
  answered(req: IncomingMessage, res: ServerResponse, started: number, written?: FlatHeaders): void;
}

/**
 * Gives every request an id (`X-Request-Id` on the answer, `req.id` for the error handler's lines)
 * and logs each answered request once it is done: `error` for 5xx, `info` for 4xx, `debug`
 * otherwise, as pino-http did, in the same shape (`req`, `res`, `responseTime`, `err`), through the
 * same redacting serializers. Unlike pino-http it builds nothing per request for a level that is
 * off: no child logger, no serialised headers, which was the largest cost of a request that
 * does little else. `/health` is not logged (load balancers poll it).
 */
export function requestLog(logger: Logger): RequestLog {
  const serializers = requestLogSerializers();
  const log = (
    level: Level,
    req: IncomingMessage,
    res: ServerResponse,
    started: number,
    error?: Error,
    written?: FlatHeaders,
  ) => {
    // a 503 is a refusal the error handler already logged at warn (a dependency down, a provider not
    // set up), not a crash: no synthetic error and its stack
    const unavailable = res.statusCode === 503;
    const failed =
      error ??
      (res.statusCode >= 500 && !unavailable ? new Error(`failed with status code ${res.statusCode}`) : undefined);
    const effective: Level = failed ? 'error' : unavailable ? 'warn' : level;
    if (!logger.isLevelEnabled(effective)) {
      return;
    }
    const socket = req.socket as { remoteAddress?: string; remotePort?: number } | undefined;
    const fields = {
      req: serializers.req({
        id: req.id,
        method: req.method ?? '',
        url: (req as { originalUrl?: string }).originalUrl ?? req.url ?? '',
        headers: req.headers,
        remoteAddress: socket?.remoteAddress,
        remotePort: socket?.remotePort,
        raw: req,
      }),
      res: serializers.res({ statusCode: res.statusCode, headers: headersOf(res, written), raw: res }),
      responseTime: Date.now() - started,
      ...(failed ? { err: failed } : {}),
    };
    logger[effective](fields, failed ? 'request errored' : 'request completed');
  };
  const levelOf = (res: ServerResponse): Level => (res.statusCode >= 400 ? 'info' : 'debug');
  const idFor = (req: IncomingMessage): string => {
    const given = (req as { id?: string }).id;
    if (given !== undefined) {
      return given;
    }
    const incoming = req.headers['x-request-id'];
    req.id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    return req.id;
  };
  return {
    idFor,
    answered(req, res, started, written) {
      if (req.url !== '/health') {
        log(levelOf(res), req, res, started, undefined, written);
      }
    },
    middleware(req, res, next) {
      // a request the fast path handed over keeps the id it was given there
      res.setHeader('X-Request-Id', idFor(req));
      if (req.url !== '/health') {
        const started = Date.now();
        const done = (error?: Error) => {
          res.removeListener('finish', done);
          res.removeListener('close', done);
          log(levelOf(res), req, res, started, error);
        };
        res.on('finish', done);
        res.on('close', done);
      }
      next();
    },
  };
}
