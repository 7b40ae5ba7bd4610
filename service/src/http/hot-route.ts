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
export interface HotJsonAnswer {
  json: string;
  /** `json` already encoded, sent as it is. */
  bytes?: Buffer;
  /** Answered as `ETag`; a matching `If-None-Match` gets a 304. */
  etag?: string;
}

/**
 * Plain text with its own status (EventSub's challenge, echoed), as Express's
 * `res.type('text/plain').send(text)` sends it: `text/plain; charset=utf-8` and the app's ETag.
 */
export interface HotTextAnswer {
  text: string;
  status: number;
}

/** No body: the endpoint's status (a 204). */
export interface HotEmptyAnswer {
  empty: true;
}

export type HotAnswer = HotJsonAnswer | HotTextAnswer | HotEmptyAnswer;

/**
 * The callers a hot route may declare: each is verified from the request's headers alone, but
 * Twitch's EventSub signature, verified over the raw body (a `requestBody: 'raw'` route).
 */
type HotAuth = 'none' | 'user' | 'extension' | 'twitch-eventsub';

/**
 * A hot route is a GET (a read, also answered to HEAD) or an action (a POST such as a vote),
 * without a request body (a request with one is Express's) or with a raw one (an EventSub delivery).
 */
type HotMethod = 'GET' | 'POST';

/**
 * One of the hottest requests: a read (health, the public asset, the panel's reads, the signed-in
 * lists), a GET with no query or body whose answer is JSON serialised in advance; an action without
 * a body (the panel's vote) whose answer is a small JSON object; or a POST whose proof is its body
 * (an EventSub delivery, signed over the raw bytes), answered with a 204 or a text. It is answered
 * by `bindHotRoute` through Express like any route, and ahead of Express by the fast path
 * (`hot-lane.ts`), which gives the same answer without Express's per-request work. Either way the
 * rules are the ones here: the body read (a raw route's, by `bindRoute`'s own raw parser: the same
 * limit and refusals), the caller verified (over that body), then every limit counted (the per-IP
 * count even for a refused caller); a read runs beside its counts, an action only once they all
 * passed, so a refused action changes nothing.
 */
export interface HotRoute<
  E extends EndpointDefinition & { auth: HotAuth; method: HotMethod } = EndpointDefinition & {
    auth: HotAuth;
    method: HotMethod;
  },
> {
  endpoint: E;
  /**
   * Which request bodies the route takes: none (the default: a request with one is Express's), or
   * `raw`, a signed delivery's bytes (`isSignedDelivery`; any other request is Express's), read
   * before its caller is verified over them, and parsed as the endpoint's JSON body.
   */
  requestBody?: 'none' | 'raw';
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
    /** A raw route's body, parsed and validated; undefined otherwise. */
    body: ParsedRequest<E>['body'];
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

/**
 * The status of a hot answer: a text's own; 304 when the client's copy of a JSON answer is current;
 * else the endpoint's own.
 */
export function hotAnswerStatus(route: HotRoute, answer: HotAnswer, ifNoneMatch: string | undefined): number {
  if ('text' in answer) {
    return answer.status;
  }
  if ('json' in answer && answer.etag !== undefined && matchesIfNoneMatch(ifNoneMatch, answer.etag)) {
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
    async ({ principal, params, body, req, res }) => {
      const callerLimits = route.callerLimits?.(principal) ?? [];
      let answer: HotAnswer;
      if (acts && route.countsOwnLimits) {
        await rateLimitsPassed(res);
        answer = await route.answer({ principal, params, body, limits: callerLimits });
      } else if (acts && callerLimits.length === 0 && !perIpLimiter) {
        // nothing to count (an EventSub delivery)
        answer = await route.answer({ principal, params, body, limits: [] });
      } else {
        const counted = consumeAll(callerLimits);
        counted.catch(() => undefined);
        if (acts) {
          // in the fast path's order (per IP first), and before acting: a refused action changes nothing
          await rateLimitsPassed(res);
          await counted;
          answer = await route.answer({ principal, params, body, limits: [] });
        } else {
          const work = route.answer({ principal, params, body, limits: [] });
          [answer] = await Promise.all([work, rateLimitsPassed(res), counted]);
        }
      }
      const status = hotAnswerStatus(route, answer, req.headers['if-none-match']);
      if (route.cacheControl !== undefined) {
        res.setHeader('Cache-Control', route.cacheControl);
      }
      if ('text' in answer) {
        res.status(status).type('text/plain').send(answer.text);
        return responseSent;
      }
      if (!('json' in answer)) {
        res.status(status).end();
        return responseSent;
      }
      if (answer.etag !== undefined) {
        res.setHeader('ETag', answer.etag);
      }
      if (status === 304) {
        res.status(304).end();
        return responseSent;
      }
      const json = answer.bytes ?? answer.json;
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      // as text, as the fast path writes it (and the log line shows it)
      res.setHeader('Content-Length', String(Buffer.byteLength(json)));
      res.status(status).end(json);
      return responseSent;
    },
    { before: [raiseCarriedError, ...(perIpLimiter ? [startRateLimit(perIpLimiter)] : [])] },
  );
}
