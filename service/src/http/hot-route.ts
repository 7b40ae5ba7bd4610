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

/** JSON serialised in advance (a read's, or an action's result), with its validator when it has one. */
export interface HotAnswer {
  json: string;
  /** `json` already encoded, sent as it is. */
  bytes?: Buffer;
  /** Answered as `ETag`; a matching `If-None-Match` gets a 304. */
  etag?: string;
}

/** The callers a hot route may declare: each is verified from the request's headers alone. */
type HotAuth = 'none' | 'user' | 'extension';

/**
 * A hot route is a GET (a read, also answered to HEAD) or an action without a request body (a
 * POST such as a vote). Only these two shapes are taken ahead of Express; a request with a body
 * is always Express's.
 */
type HotMethod = 'GET' | 'POST';

/**
 * One of the hottest requests: a read (health, the public asset, the panel's reads, the signed-in
 * lists), a GET with no query or body whose answer is JSON serialised in advance, or an action
 * without a body (the panel's vote) whose answer is a small JSON object. It is answered by
 * `bindHotRoute` through Express like any route, and ahead of Express by the fast path
 * (`hot-lane.ts`), which gives the same answer without Express's per-request work. Either way the
 * rules are the ones here: the caller verified, then every limit counted (the per-IP count even
 * for a refused caller); a read runs beside its counts, an action only once they all passed, so a
 * refused action changes nothing.
 *
 * A POST whose proof is its body (an EventSub delivery, signed over the raw bytes) is not one yet:
 * it would be a `requestBody: 'raw'` here, for which the lane reads the bytes (up to a limit, as
 * `bindRoute`'s raw parser does) before it verifies the caller over them, with `auth` widened to
 * `'twitch-eventsub'`.
 */
export interface HotRoute<
  E extends EndpointDefinition & { auth: HotAuth; method: HotMethod } = EndpointDefinition & {
    auth: HotAuth;
    method: HotMethod;
  },
> {
  endpoint: E;
  /** Which request bodies the route takes: none (a request with one is Express's). */
  requestBody?: 'none';
  /** `Cache-Control` of a 200 or 304; none when unset (an action's answer). */
  cacheControl?: string;
  /**
   * Counted per client IP for every request, a refused caller's too, so forged tokens cost their
   * sender.
   */
  perIpLimiter?: RateLimiter;
  /** The verified caller's counts (per viewer, per channel): with the per-IP count, in one Redis call. */
  callerLimits?(principal: PrincipalOf<E['auth']>): LimitCount[];
  /**
   * An action that counts its limits in the same Redis call as its change (`ScriptAfterLimits`):
   * `answer` is handed every count this request owes (its per-IP count too, on the fast path) and
   * must take them all before it changes anything. Otherwise the limits are counted, and waited
   * for, before `answer` runs, and it is handed none.
   */
  countsOwnLimits?: boolean;
  /** The answer: a read's, or an action's, which runs only once every limit passed. */
  answer(context: {
    principal: PrincipalOf<E['auth']>;
    params: ParsedRequest<E>['params'];
    /** The counts an action that `countsOwnLimits` must take first; none otherwise. */
    limits: readonly LimitCount[];
  }): Promise<HotAnswer>;
}

/** Whether a hot route acts (runs only once its limits passed) rather than reads. */
export function isHotAction(route: HotRoute): boolean {
  return route.endpoint.method !== 'GET';
}

/** Declares a hot route, typed by its endpoint. */
export function hotRoute<E extends EndpointDefinition & { auth: HotAuth; method: HotMethod }>(
  route: HotRoute<E>,
): HotRoute {
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

/** The status of a hot answer: 304 when the client's copy is current, else the endpoint's own. */
export function hotAnswerStatus(route: HotRoute, answer: HotAnswer, ifNoneMatch: string | undefined): number {
  if (answer.etag !== undefined && matchesIfNoneMatch(ifNoneMatch, answer.etag)) {
    return 304;
  }
  return route.endpoint.status ?? 200;
}

/** Binds a hot route to an Express router: the same answer the fast path gives. */
export function bindHotRoute(router: Router, callers: CallerVerifiers, route: HotRoute): void {
  const { perIpLimiter } = route;
  const acts = isHotAction(route);
  bindRoute(
    router,
    callers,
    route.endpoint,
    async ({ principal, params, req, res }) => {
      const callerLimits = route.callerLimits?.(principal) ?? [];
      let answer: HotAnswer;
      if (acts && route.countsOwnLimits) {
        await rateLimitsPassed(res);
        answer = await route.answer({ principal, params, limits: callerLimits });
      } else {
        const counted = consumeAll(callerLimits);
        counted.catch(() => undefined);
        if (acts) {
          // in the fast path's order (per IP first), and before acting: a refused action changes nothing
          await rateLimitsPassed(res);
          await counted;
          answer = await route.answer({ principal, params, limits: [] });
        } else {
          const work = route.answer({ principal, params, limits: [] });
          [answer] = await Promise.all([work, rateLimitsPassed(res), counted]);
        }
      }
      const status = hotAnswerStatus(route, answer, req.headers['if-none-match']);
      if (answer.etag !== undefined) {
        res.setHeader('ETag', answer.etag);
      }
      if (route.cacheControl !== undefined) {
        res.setHeader('Cache-Control', route.cacheControl);
      }
      if (status === 304) {
        res.status(304).end();
        return responseSent;
      }
      const body = answer.bytes ?? answer.json;
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      // as text, as the fast path writes it (and the log line shows it)
      res.setHeader('Content-Length', String(Buffer.byteLength(body)));
      res.status(status).end(body);
      return responseSent;
    },
    { before: [raiseCarriedError, ...(perIpLimiter ? [startRateLimit(perIpLimiter)] : [])] },
  );
}
