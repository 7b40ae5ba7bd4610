import type { IncomingMessage } from 'node:http';
import express, { type RequestHandler } from 'express';
import { twitchEventSubHeaders } from '@aurastream/contract';

/**
 * Whether a request's body is left to its route, to read raw: a signed EventSub delivery, whose
 * signature covers the body's bytes as received (see `bindRoute`, and the fast path's raw routes).
 */
export function isSignedDelivery(req: IncomingMessage): boolean {
  return req.headers[twitchEventSubHeaders.signature] !== undefined;
}

/**
 * JSON and form bodies, parsed for every request except signed EventSub deliveries (read raw by
 * their routes). No other request keeps its raw bytes around.
 */
export function parsedBodies(): RequestHandler {
  const json = express.json({ limit: '1mb' });
  const form = express.urlencoded({ extended: false, limit: '100kb' });
  return (req, res, next) => {
    if (isSignedDelivery(req)) {
      next();
      return;
    }
    json(req, res, (error?: unknown) => {
      if (error) {
        next(error);
        return;
      }
      form(req, res, next);
    });
  };
}
