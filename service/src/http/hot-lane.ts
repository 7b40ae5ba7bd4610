import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import type { Principal } from '../auth/principal';
import { observeAnsweredRequest } from '../observability/http-metrics';
import { consumeAll, type LimitCount } from '../rate-limit/rate-limiter';
import { runWithRequestContext } from '../observability/request-context';
import { carryErrorToExpress, hotAnswerStatus, isHotAction, type HotAnswer, type HotRoute } from './hot-route';
import type { RequestLog } from './request-logger';
import { isSignedDelivery } from './body-parsers';
import { parseBody, parsePart, rawBodyParser, verifyCaller, type CallerVerifiers } from './route';
import { headersSetBy, type FlatHeaders } from './security-headers';

export interface HotLaneDependencies {
  routes: HotRoute[];
  callers: CallerVerifiers;
  /** Helmet's headers for a request path (the API's: none of the hot routes is a page). */
  securityHeaders: FlatHeaders;
  /** The app's CORS middleware: run as it is for a request from a browser origin. */
  cors: RequestHandler;
  requestLog: RequestLog;
  /** The client's address as Express works it out (`trust proxy`), for per-IP limits. */
  clientIp(req: IncomingMessage): string;
  /** The app's ETag of a body `res.send` sends (`etag fn`), for a text answer; none when turned off. */
  etag?(body: Buffer): string | undefined;
}

/** Answers a request the fast path met; `express` answers anything it does not take. */
export type HotLane = (
  req: IncomingMessage,
  res: ServerResponse,
  express: (req: IncomingMessage, res: ServerResponse) => void,
) => void;

interface CompiledRoute {
  route: HotRoute;
  /** Runs only once every limit passed (a POST), rather than beside the counts (a read). */
  acts: boolean;
  /** Reads the request's body raw (a signed delivery) before verifying its caller over it. */
  raw: boolean;
  /** The path's segments: a literal, or the name of a parameter. */
  segments: { literal?: string; param?: string }[];
  /** Every header but the request's own (id, CORS for an origin, validators, length). */
  headers: FlatHeaders;
  /** The same without the CORS headers of a request that names no origin. */
  headersForOrigin: FlatHeaders;
}

function compile(route: HotRoute, securityHeaders: FlatHeaders, corsWithoutOrigin: FlatHeaders): CompiledRoute {
  const segments = route.endpoint.path
    .split('/')
    .map((segment) => (/^\{\w+\}$/.test(segment) ? { param: segment.slice(1, -1) } : { literal: segment }));
  const headersForOrigin = [
    ...securityHeaders,
    ...(route.cacheControl === undefined ? [] : ['Cache-Control', route.cacheControl]),
  ];
  return {
    route,
    acts: isHotAction(route),
    raw: route.requestBody === 'raw',
    segments,
    headersForOrigin,
    headers: [...headersForOrigin, ...corsWithoutOrigin],
  };
}

/** The route and raw parameters of a path, or null when no hot route has exactly this path. */
function matchPath(
  routes: CompiledRoute[],
  path: string,
): { compiled: CompiledRoute; params: Record<string, string> } | null {
  const parts = path.split('/');
  for (const compiled of routes) {
    if (compiled.segments.length !== parts.length) {
      continue;
    }
    const params: Record<string, string> = {};
    let matched = true;
    for (let i = 0; i < parts.length && matched; i++) {
      const segment = compiled.segments[i]!;
      const part = parts[i]!;
      if (segment.literal !== undefined) {
        matched = segment.literal === part;
      } else {
        try {
          params[segment.param!] = decodeURIComponent(part);
        } catch {
          matched = false;
        }
        matched &&= part.length > 0;
      }
    }
    if (matched) {
      return { compiled, params };
    }
  }
  return null;
}

/** Reads a signed delivery's body with `bindRoute`'s own raw parser: its limit, and its refusals. */
function readRawBody(req: IncomingMessage, res: ServerResponse): Promise<void> {
  return new Promise((resolve, reject) => {
    // body-parser passes on an http-errors Error, or nothing
    rawBodyParser(req as Request, res as Response, (error?: unknown) => {
      if (error instanceof Error) {
        reject(error);
      } else {
        resolve();
      }
    });
  });
}

/**
 * The fast path for the hottest requests (`HotRoute`s): a request whose method and path are exactly
 * one of theirs is answered here, without Express's router and middleware chain, which cost about
 * five times a plain Node answer on the benchmark machine. It keeps what that chain is there for:
 * the request id, helmet's headers (worked out once, see `headersSetBy`), CORS (the app's own
 * middleware when the request names an origin), the caller's verification, every rate limit the
 * route counts, the route's metrics and the request's log line. A read (GET, HEAD) runs beside its
 * counts; an action (a POST without a body, or a signed delivery read raw) only once they all passed.
 * Anything else (another path or method, a trailing slash or another letter case, a request with a
 * body but a signed delivery to a raw route, a CORS preflight, a refused caller or request, a body
 * too large or unreadable, any error) is Express's, which answers it as always.
 */
export function createHotLane(deps: HotLaneDependencies): HotLane {
  const noop = () => undefined;
  const corsWithoutOrigin = headersSetBy(deps.cors);
  const routes = deps.routes.map((route) => compile(route, deps.securityHeaders, corsWithoutOrigin));

  /** Writes the answer; answers the headers given to `writeHead`, for the log line. */
  const write = (
    req: IncomingMessage,
    res: ServerResponse,
    compiled: CompiledRoute,
    answer: HotAnswer,
    id: string,
  ): FlatHeaders => {
    const status = hotAnswerStatus(compiled.route, answer, req.headers['if-none-match']);
    const fromOrigin = req.headers.origin !== undefined;
    if (fromOrigin) {
      deps.cors(req as Request, res as never, noop);
    }
    const headers = (fromOrigin ? compiled.headersForOrigin : compiled.headers).concat('X-Request-Id', id);
    if ('text' in answer) {
      // as Express's res.type('text/plain').send(text) sends it
      const body = Buffer.from(answer.text);
      headers.push('Content-Type', 'text/plain; charset=utf-8', 'Content-Length', String(body.length));
      const etag = deps.etag?.(body);
      if (etag !== undefined) {
        headers.push('ETag', etag);
      }
      res.writeHead(status, headers);
      res.end(body);
      return headers;
    }
    if (!('json' in answer)) {
      res.writeHead(status, headers);
      res.end();
      return headers;
    }
    if (answer.etag !== undefined) {
      headers.push('ETag', answer.etag);
    }
    if (status === 304) {
      res.writeHead(304, headers);
      res.end();
      return headers;
    }
    const body = answer.bytes ?? answer.json;
    headers.push('Content-Type', 'application/json; charset=utf-8', 'Content-Length', String(Buffer.byteLength(body)));
    res.writeHead(status, headers);
    res.end(body);
    return headers;
  };

  const answer = async (
    req: IncomingMessage,
    res: ServerResponse,
    compiled: CompiledRoute,
    rawParams: Record<string, string>,
    express: (req: IncomingMessage, res: ServerResponse) => void,
  ) => {
    const startedAt = performance.now();
    const startedMs = Date.now();
    const id = deps.requestLog.idFor(req);
    const { route } = compiled;
    try {
      await runWithRequestContext({ request_id: id }, async () => {
        const perIp: LimitCount[] = route.perIpLimiter
          ? [{ limiter: route.perIpLimiter, subject: deps.clientIp(req) }]
          : [];
        let principal: Principal | null;
        let params: unknown;
        let body: unknown;
        if (compiled.raw) {
          // before anything is counted: in Express, the body parser runs ahead of the route's limits
          await readRawBody(req, res);
        }
        try {
          principal = await verifyCaller(route.endpoint, deps.callers, req as Request);
          // an action's parameters (and body) are checked before anything is counted but the per-IP
          // count, as Express checks them before its handler counts the caller's limits
          params = compiled.acts ? parsePart(route.endpoint.params, rawParams, 'params') : undefined;
          body = compiled.raw ? parseBody(route.endpoint, req as Request) : undefined;
        } catch (error) {
          // a refused caller's request is counted per IP all the same (its own refusal answers)
          await consumeAll(perIp).catch(noop);
          throw error;
        }
        const limits = [...perIp, ...(route.callerLimits?.(principal as never) ?? [])];
        type Context = Parameters<HotRoute['answer']>[0];
        let result: HotAnswer;
        if (compiled.acts && (route.countsOwnLimits || limits.length === 0)) {
          // counted by the action itself, in the call that changes something, before it does; or
          // nothing to count (an EventSub delivery)
          result = await route.answer({ principal, params, body, limits } as Context);
        } else {
          // every count in one Redis call; a request refused before they are read never waits for them
          const counted = consumeAll(limits);
          counted.catch(noop);
          if (compiled.acts) {
            // an action waits for its limits: a refused one changes nothing
            await counted;
            result = await route.answer({ principal, params, body, limits: [] } as Context);
          } else {
            params = parsePart(route.endpoint.params, rawParams, 'params');
            const work = route.answer({ principal, params, body, limits: [] } as Context);
            [result] = await Promise.all([work, counted]);
          }
        }
        const written = write(req, res, compiled, result, id);
        observeAnsweredRequest(req.method ?? 'GET', route.endpoint.path, res.statusCode, startedAt);
        // within the request's context, as Express's line is (it names the request)
        deps.requestLog.answered(req, res, startedMs, written);
      });
    } catch (error) {
      if (res.headersSent) {
        res.destroy(error instanceof Error ? error : undefined);
        return;
      }
      carryErrorToExpress(req, error);
      express(req, res);
      return;
    }
  };

  // a read answers GET and HEAD; an action its own method, without a body or (a raw route) signed
  const byMethod = new Map<string, { bodiless: CompiledRoute[]; raw: CompiledRoute[] }>();
  for (const compiled of routes) {
    const methods = compiled.acts ? [compiled.route.endpoint.method] : ['GET', 'HEAD'];
    for (const method of methods) {
      const forMethod = byMethod.get(method) ?? { bodiless: [], raw: [] };
      (compiled.raw ? forMethod.raw : forMethod.bodiless).push(compiled);
      byMethod.set(method, forMethod);
    }
  }
  /**
   * The routes that may answer a request: a signed delivery's are the raw routes (Express's body
   * parsers leave it to them too); an action that carries any other body has none (Express reads it).
   */
  const candidatesFor = (req: IncomingMessage): CompiledRoute[] | undefined => {
    const candidates = byMethod.get(req.method ?? '');
    if (!candidates || req.method === 'GET' || req.method === 'HEAD') {
      return candidates?.bodiless;
    }
    if (isSignedDelivery(req)) {
      return candidates.raw;
    }
    const length = req.headers['content-length'];
    const withoutBody = req.headers['transfer-encoding'] === undefined && (length === undefined || length === '0');
    return withoutBody ? candidates.bodiless : undefined;
  };

  return (req, res, express) => {
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const candidates = candidatesFor(req);
    const match = candidates ? matchPath(candidates, queryAt < 0 ? url : url.slice(0, queryAt)) : null;
    if (!match) {
      express(req, res);
      return;
    }
    void answer(req, res, match.compiled, match.params, express);
  };
}
