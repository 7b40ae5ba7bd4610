import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response, Router } from 'express';
import type { EndpointDefinition, ParsedRequest } from '@aurastream/contract';
import type { PrincipalOf } from '../auth/principal';
import {
  consumeAll,
  rateLimitsPassed,
  startRateLimit,
  type LimitCount,
  type RateLimiter,
} from '../rate-limit/rate-limiter';
import { matchesIfNoneMatch } from './conditional';
import { bindRoute, responseSent, type CallerVerifiers } from './route';

/** A read answered from JSON serialised in advance, with its validator when it has one. */
export interface HotAnswer {
  json: string;
  /** `json` already encoded, sent as it is. */
  bytes?: Buffer;
  /** Answered as `ETag`; a matching `If-None-Match` gets a 304. */
  etag?: string;
}

/** The callers a hot read may declare: each is verified from the request's headers alone. */
type HotAuth = 'none' | 'user' | 'extension';

/**
 * One of the hottest reads (health, the public asset, the panel's reads, the signed-in lists): a GET
 * with no query or body whose answer is JSON serialised in advance. It is answered by `bindHotRoute`
 * through Express like any route, and ahead of Express by the fast path (`hot-lane.ts`), which gives
 * the same answer without Express's per-request work. Either way the rules are the ones here.
 */
export interface HotRoute<E extends EndpointDefinition & { auth: HotAuth } = EndpointDefinition & { auth: HotAuth }> {
  endpoint: E;
  /** `Cache-Control` of a 200 or 304. */
  cacheControl: string;
  /**
   * Counted per client IP for every request, a refused caller's too, so forged tokens cost their
   * sender.
   */
  perIpLimiter?: RateLimiter;
  /** The verified caller's counts (per viewer, per channel): with the per-IP count, in one Redis call. */
  callerLimits?(principal: PrincipalOf<E['auth']>): LimitCount[];
  answer(context: { principal: PrincipalOf<E['auth']>; params: ParsedRequest<E>['params'] }): Promise<HotAnswer>;
}

/** Declares a hot route, typed by its endpoint. */
export function hotRoute<E extends EndpointDefinition & { auth: HotAuth }>(route: HotRoute<E>): HotRoute {
  return route;
}

/**
 * Errors the fast path met (a 401, a 429, a dependency down) are answered by Express, which has the
 * one error handler: the request is handed over with its error, and its route raises it before doing
 * anything again (nothing is counted twice).
 */
const carriedErrors = new WeakMap<IncomingMessage, unknown>();

export function carryErrorToExpress(req: IncomingMessage, error: unknown): void {
  carriedErrors.set(req, error);
}

function raiseCarriedError(req: Request, _res: Response, next: NextFunction): void {
  if (carriedErrors.has(req)) {
    const error = carriedErrors.get(req);
    carriedErrors.delete(req);
    next(error);
    return;
  }
  next();
}

/** The status of a hot answer: 304 when the client's copy is current. */
export function hotAnswerStatus(answer: HotAnswer, ifNoneMatch: string | undefined): 200 | 304 {
  return answer.etag !== undefined && matchesIfNoneMatch(ifNoneMatch, answer.etag) ? 304 : 200;
}

/** Binds a hot route to an Express router: the same answer the fast path gives. */
export function bindHotRoute(router: Router, callers: CallerVerifiers, route: HotRoute): void {
  const { perIpLimiter } = route;
  bindRoute(
    router,
    callers,
    route.endpoint,
    async ({ principal, params, req, res }) => {
      const counted = consumeAll(route.callerLimits?.(principal) ?? []);
      counted.catch(() => undefined);
      const work = route.answer({ principal, params });
      const [answer] = await Promise.all([work, rateLimitsPassed(res), counted]);
      const status = hotAnswerStatus(answer, req.headers['if-none-match']);
      if (answer.etag !== undefined) {
        res.setHeader('ETag', answer.etag);
      }
      res.setHeader('Cache-Control', route.cacheControl);
      if (status === 304) {
        res.status(304).end();
        return responseSent;
      }
      const body = answer.bytes ?? answer.json;
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.setHeader('Content-Length', Buffer.byteLength(body));
      res.status(200).end(body);
      return responseSent;
    },
    { before: [raiseCarriedError, ...(perIpLimiter ? [startRateLimit(perIpLimiter)] : [])] },
  );
}
