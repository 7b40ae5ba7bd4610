import type { Request, Response } from 'express';
import type { CachedAnswer } from '../db/read-cache';

/** Whether the request's If-None-Match already holds `etag` (weak comparison, as RFC 9110 asks for GET). */
export function matchesIfNoneMatch(req: Request, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) {
    return false;
  }
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

/** Sets the validators; answers 304 and returns true when the client's copy is current. */
export function answeredNotModified(req: Request, res: Response, etag: string, cacheControl: string): boolean {
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', cacheControl);
  if (matchesIfNoneMatch(req, etag)) {
    res.status(304).end();
    return true;
  }
  return false;
}

/**
 * Sends an answer serialised in advance (a `ReadCache` entry) with its ETag: 304 without a body when
 * the client holds it already, else the JSON text as it is, with no second serialisation.
 */
export function sendCachedAnswer(req: Request, res: Response, answer: CachedAnswer, cacheControl: string): void {
  if (answeredNotModified(req, res, answer.etag, cacheControl)) {
    return;
  }
  res.status(200).type('application/json').send(answer.json);
}
