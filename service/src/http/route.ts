import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import { type z } from 'zod';
import { errorCodes, type EndpointDefinition, type ParsedRequest, type WireResponse } from '@aurastream/contract';
import type {
  Actor,
  ExtensionViewer,
  Principal,
  PrincipalOf,
  ServiceCaller,
  TwitchEventSubCaller,
} from '../auth/principal';
import { extensionTokenErrors } from '../auth/caller-errors';
import { ForbiddenError, UnauthorizedError, ValidationError } from '../shared/errors';
import { zodIssuesToFieldIssues } from './validation';
import { tagRouteTemplate } from './route-template';

/**
 * Verifies each kind of caller an endpoint may declare; `bindRoute` calls the one its `auth` names,
 * so every endpoint's caller is checked in one place. Each throws a 401 (or 503 when the kind is not
 * set up on this server) for a caller it cannot verify.
 */
export interface CallerVerifiers {
  /** The user of `Authorization: Bearer <access token>`; null without the header. */
  user(req: Request): Promise<Actor | null>;
  /** The viewer of the Twitch extension JWT (`x-extension-jwt` or `Authorization: Bearer`). */
  extensionViewer(req: Request): Promise<ExtensionViewer>;
  /** The service of `Authorization: Bearer aura_svc_…`. */
  serviceCredential(req: Request): Promise<ServiceCaller>;
  /** Twitch, by the EventSub signature over `rawBody`: the delivery's bytes as received. */
  twitchEventSub(req: Request, rawBody: Buffer): Promise<TwitchEventSubCaller>;
}

/** What a handler receives: the validated request and the caller its endpoint's `auth` names. */
export type HandlerContext<E extends EndpointDefinition> = ParsedRequest<E> & {
  principal: PrincipalOf<E['auth']>;
  req: Request;
  res: Response;
};

/**
 * What a JSON handler returns when it wrote the answer itself, e.g. JSON serialised in advance
 * (`bindHotRoute`) or a 304.
 */
export const responseSent: unique symbol = Symbol('response sent');

export type Handler<E extends EndpointDefinition> = (
  context: HandlerContext<E>,
) => Promise<E['responseKind'] extends 'json' | undefined ? WireResponse<E> | typeof responseSent : unknown>;

export interface RouteOptions {
  /** Middlewares run before authentication and validation, e.g. rate limiters or the multipart parser. */
  before?: RequestHandler[];
}

/**
 * EventSub deliveries are signed over the bytes as received, so their endpoints read the body raw;
 * the app's JSON and form parsers leave signed deliveries alone (`parsedBodies` in app.ts). The fast
 * path reads them with this same parser (`hot-lane.ts`): the same limit, and the same refusals.
 */
export const rawBodyParser: RequestHandler = express.raw({ type: () => true, limit: '1mb' });

function bodyParsersFor(endpoint: EndpointDefinition): RequestHandler[] {
  return endpoint.auth === 'twitch-eventsub' ? [rawBodyParser] : [];
}

export function parsePart(
  schema: z.ZodType | undefined,
  value: unknown,
  location: 'params' | 'query' | 'body',
): unknown {
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

const noBody = Buffer.alloc(0);

function rawBodyOf(req: Request): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : noBody;
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) {
    return undefined;
  }
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new ValidationError('The request body is not valid JSON', [
      { field: 'body', message: 'malformed JSON', code: 'invalid_json' },
    ]);
  }
}

/**
 * The request body as the handler receives it: a signed delivery's raw bytes parsed as JSON (read
 * by `rawBodyParser`), any other request's as the app's parsers left it; then validated.
 */
export function parseBody(endpoint: EndpointDefinition, req: Request): unknown {
  if (endpoint.multipart) {
    return undefined;
  }
  const body: unknown = endpoint.auth === 'twitch-eventsub' ? parseJson(rawBodyOf(req)) : req.body;
  return parsePart(endpoint.body, body, 'body');
}

/** The caller the endpoint declares, verified; throws 401/403 for anyone else. */
export async function verifyCaller(
  endpoint: EndpointDefinition,
  callers: CallerVerifiers,
  req: Request,
): Promise<Principal | null> {
  switch (endpoint.auth) {
    case 'none':
      return null;
    case 'optional':
      return callers.user(req);
    case 'user':
    case 'admin': {
      const actor = await callers.user(req);
      if (!actor) {
        throw new UnauthorizedError();
      }
      if (endpoint.auth === 'admin' && actor.role !== 'admin') {
        throw new ForbiddenError('This endpoint is for administrators', errorCodes.adminOnly);
      }
      return actor;
    }
    case 'extension': {
      const viewer = await callers.extensionViewer(req);
      const allowed = endpoint.extensionRoles;
      if (allowed && !allowed.includes(viewer.role)) {
        throw extensionTokenErrors.roleNotAllowed(allowed);
      }
      return viewer;
    }
    case 'service':
      return callers.serviceCredential(req);
    case 'twitch-eventsub':
      return callers.twitchEventSub(req, rawBodyOf(req));
  }
}

/** Express path (`:id`) of a contract path (`{id}`). */
export function toExpressPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

/**
 * Binds an endpoint of the contract to an Express router: the caller verified as the endpoint's
 * `auth` declares, validation of params, query and body (422 with per-field details), then the
 * handler, whose result is sent as JSON with the endpoint's status. SSE, binary and redirect
 * handlers answer themselves.
 */
export function bindRoute<E extends EndpointDefinition>(
  router: Router,
  callers: CallerVerifiers,
  endpoint: E,
  handler: Handler<E>,
  options: RouteOptions = {},
): void {
  const method = endpoint.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  const run = async (req: Request, res: Response): Promise<void> => {
    const principal = await verifyCaller(endpoint, callers, req);
    const context = {
      params: parsePart(endpoint.params, req.params, 'params'),
      query: parsePart(endpoint.query, req.query, 'query'),
      body: parseBody(endpoint, req),
      principal,
      req,
      res,
    } as HandlerContext<E>;
    const result = await handler(context);
    const kind = endpoint.responseKind ?? 'json';
    if (kind !== 'json' || result === responseSent || res.headersSent) {
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
  router[method](
    toExpressPath(endpoint.path),
    tagRouteTemplate(endpoint.path),
    ...bodyParsersFor(endpoint),
    ...(options.before ?? []),
    wrapped,
  );
}
