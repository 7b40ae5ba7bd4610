import express, { type RequestHandler } from 'express';
import { twitchEventSubHeaders } from '@aurastream/contract';

/**
 * JSON and form bodies, parsed for every request except signed EventSub deliveries: their signature
 * covers the body's bytes as received, so only their routes read it, raw (see `bindRoute`). No other
 * request keeps its raw bytes around.
 */
export function parsedBodies(): RequestHandler {
  const json = express.json({ limit: '1mb' });
  const form = express.urlencoded({ extended: false, limit: '100kb' });
  return (req, res, next) => {
    if (req.headers[twitchEventSubHeaders.signature] !== undefined) {
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
