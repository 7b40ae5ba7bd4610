import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import { type z } from 'zod';
import type { EndpointDefinition, ParsedRequest, WireResponse } from '@aurastream/contract';
import type { Actor } from '../auth/actor';
import { ForbiddenError, UnauthorizedError, ValidationError } from '../shared/errors';
import { zodIssuesToFieldIssues } from './validation';

/** What a handler receives: the validated request and, per the endpoint's `auth`, the actor. */
export type HandlerContext<E extends EndpointDefinition> = ParsedRequest<E> & {
  actor: E['auth'] extends 'user' | 'admin' ? Actor : Actor | null;
  req: Request;
  res: Response;
};

export type Handler<E extends EndpointDefinition> = (
  context: HandlerContext<E>,
) => Promise<E['responseKind'] extends 'json' | undefined ? WireResponse<E> : unknown>;

/** Turns the request's `Authorization` header into an actor (or null), throwing on a bad token. */
export type AuthenticateRequest = (req: Request) => Promise<Actor | null>;

export interface RouteOptions {
  /** Middlewares run before validation, e.g. rate limiters or the multipart parser. */
  before?: RequestHandler[];
}

function parsePart(schema: z.ZodType | undefined, value: unknown, location: 'params' | 'query' | 'body'): unknown {
  if (!schema) {
    return undefined;
  }
  const result = schema.safeParse(value ?? (location === 'body' ? undefined : {}));
  if (!result.success) {
    const issues = zodIssuesToFieldIssues(result.error, location);
    throw new ValidationError(`The request ${location === 'body' ? 'body' : location} is invalid`, issues);
  }
  return result.data;
}

/** Express path (`:id`) of a spec path (`{id}`). */
export function toExpressPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

/**
 * Binds an endpoint of the contract to an Express router: authentication as the endpoint declares,
 * validation of params, query and body (422 with per-field details), then the handler, whose result
 * is sent as JSON with the endpoint's status. SSE, binary and redirect handlers answer themselves.
 */
export function bindRoute<E extends EndpointDefinition>(
  router: Router,
  authenticate: AuthenticateRequest,
  endpoint: E,
  handler: Handler<E>,
  options: RouteOptions = {},
): void {
  const method = endpoint.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  const run = async (req: Request, res: Response): Promise<void> => {
    let actor: Actor | null = null;
    if (endpoint.auth !== 'none') {
      actor = await authenticate(req);
      if (!actor && (endpoint.auth === 'user' || endpoint.auth === 'admin')) {
        throw new UnauthorizedError();
      }
      if (endpoint.auth === 'admin' && actor?.role !== 'admin') {
        throw new ForbiddenError('This endpoint is for administrators', 'admin_only');
      }
    }
    const context = {
      params: parsePart(endpoint.params, req.params, 'params'),
      query: parsePart(endpoint.query, req.query, 'query'),
      body: endpoint.multipart ? undefined : parsePart(endpoint.body, req.body, 'body'),
      actor,
      req,
      res,
    } as HandlerContext<E>;
    const result = await handler(context);
    const kind = endpoint.responseKind ?? 'json';
    if (kind !== 'json' || res.headersSent) {
      return;
    }
    // a handler may pick another status (e.g. 503 from /ready); the endpoint's own is the default
    const status = endpoint.status ?? res.statusCode;
    if (status === 204) {
      res.status(204).end();
      return;
    }
    res.status(status).json(result);
  };
  const wrapped = (req: Request, res: Response, next: NextFunction): void => {
    run(req, res).catch(next);
  };
  router[method](toExpressPath(endpoint.path), ...(options.before ?? []), wrapped);
}
