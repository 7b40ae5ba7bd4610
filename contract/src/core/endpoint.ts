import type { z } from 'zod';
import type { EndpointAuth, ExtensionViewerRole } from './callers';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * How a response body is produced:
 * - `json` (default): the handler's result, validated against `response`;
 * - `sse`: a `text/event-stream` whose events' `data` match `response`;
 * - `binary`: a file (image, zip); `response` documents nothing;
 * - `redirect`: a 302 to a URL.
 */
export type ResponseKind = 'json' | 'sse' | 'binary' | 'redirect' | 'empty';

/**
 * One HTTP endpoint of the AuraStream API, written once and used by the server (routing and
 * validation), the OpenAPI document and the typed client.
 */
export interface EndpointDefinition {
  readonly method: HttpMethod;
  /** Path with `{param}` placeholders, e.g. `/api/v1/brand-kits/{id}`. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  /** Which kind of caller may call it; see `EndpointAuth`. */
  readonly auth: EndpointAuth;
  /** With `auth: 'extension'`: the viewer roles allowed (403 for others); every role when absent. */
  readonly extensionRoles?: readonly ExtensionViewerRole[];
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  /** Request body is `multipart/form-data` (file uploads); `body` then documents its text fields. */
  readonly multipart?: boolean;
  readonly response?: z.ZodType;
  /** Success status; 200 unless stated. */
  readonly status?: 200 | 201 | 202 | 204 | 302;
  readonly responseKind?: ResponseKind;
  /** Error codes this endpoint is documented to answer with, beyond the generic ones. */
  readonly errors?: readonly number[];
}

/** Declares an endpoint while keeping its literal types for the client and the router. */
export function defineEndpoint<const E extends EndpointDefinition>(endpoint: E): E {
  return endpoint;
}

type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;
type InferInput<S> = S extends z.ZodType ? z.input<S> : undefined;

/** The wire (snake_case) request of an endpoint, as sent by a client. */
export type WireRequest<E extends EndpointDefinition> = {
  [K in 'params' | 'query' | 'body' as E[K] extends z.ZodType ? K : never]: InferInput<E[K]>;
};

/** The wire (snake_case) request of an endpoint after validation, as seen by a handler. */
export type ParsedRequest<E extends EndpointDefinition> = {
  params: Infer<E['params']>;
  query: Infer<E['query']>;
  body: Infer<E['body']>;
};

/** The validated body of an endpoint's request (what its handler, and its feature's API, take). */
export type EndpointBody<E extends EndpointDefinition> = Infer<E['body']>;
/** The validated query of an endpoint's request. */
export type EndpointQuery<E extends EndpointDefinition> = Infer<E['query']>;

/** The wire (snake_case) response of an endpoint. */
export type WireResponse<E extends EndpointDefinition> = E['responseKind'] extends
  'sse' | 'binary' | 'redirect' | 'empty'
  ? void
  : E['status'] extends 204
    ? void
    : Infer<E['response']>;
