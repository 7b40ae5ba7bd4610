import { camelizeKeys, snakifyKeys, type Camelize } from './case';
import type { EndpointDefinition, WireRequest, WireResponse } from './endpoint';
import type { ErrorBody } from './common';

/** Options of the typed AuraStream API client shared by the dashboard, the extension and the bot. */
export interface ApiClientOptions {
  /** Origin of the AuraStream service, e.g. `http://localhost:8080`; empty for same-origin. */
  baseUrl: string;
  /** The fetch implementation; the global one by default. */
  fetch?: typeof fetch;
  /** Returns the current access token, if any; sent as `Authorization: Bearer`. */
  getAccessToken?: () => string | null | undefined;
  /** Returns the CSRF token to send with state-changing requests authenticated by cookie. */
  getCsrfToken?: () => string | null | undefined;
  /** `include` lets a browser send the httpOnly refresh cookie. */
  credentials?: RequestCredentials;
  /**
   * Called once when a request answers 401; resolve `true` after obtaining a fresh access token to
   * retry the request once.
   */
  onUnauthorized?: () => Promise<boolean>;
  /** Extra headers for every request (e.g. the extension's viewer JWT). */
  headers?: () => Record<string, string>;
}

/** An error answered by the service, in its `{error: {code, message, details}}` shape. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

/** The client-side (camelCase) input of an endpoint: `{params?, query?, body?}`. */
export type ClientInput<E extends EndpointDefinition> = OptionalWhenEmpty<
  E['multipart'] extends true ? Camelize<Omit<WireRequest<E>, 'body'>> & { body: FormData } : Camelize<WireRequest<E>>
>;

/** Keys of T whose values cannot be left out (`{}` is not assignable to them). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- `{}` is the "everything optional" test
type RequiredKeys<T> = { [K in keyof T]-?: {} extends T[K] ? never : K }[keyof T];

/** Makes `params` / `query` / `body` optional when everything inside them is optional. */
type OptionalWhenEmpty<T> = { [K in RequiredKeys<T>]: T[K] } & { [K in Exclude<keyof T, RequiredKeys<T>>]?: T[K] };

/** A server-sent event stream: the response headers and the parsed `data` of each event. */
export interface EventStream<T> extends AsyncIterable<T> {
  readonly headers: Headers;
}

/** The client-side (camelCase) output of an endpoint. */
export type ClientOutput<E extends EndpointDefinition> = E['responseKind'] extends 'sse'
  ? EventStream<Camelize<E['response'] extends { _zod: { output: infer O } } ? O : unknown>>
  : E['responseKind'] extends 'binary'
    ? Blob
    : Camelize<WireResponse<E>>;

export interface CallOptions {
  signal?: AbortSignal;
}

type EndpointMethod<E extends EndpointDefinition> = [RequiredKeys<ClientInput<E>>] extends [never]
  ? (input?: ClientInput<E>, options?: CallOptions) => Promise<ClientOutput<E>>
  : (input: ClientInput<E>, options?: CallOptions) => Promise<ClientOutput<E>>;

export type EndpointGroups = Record<string, Record<string, EndpointDefinition>>;

/** What the client needs of an endpoint at run time: no schemas, so a client of few endpoints stays small. */
export type EndpointRoute = Pick<EndpointDefinition, 'method' | 'path' | 'responseKind'>;

/** The routes of a set of endpoint groups (written beside the schemas, checked against them). */
export type RoutesOf<Groups extends EndpointGroups> = {
  [G in keyof Groups]: { [N in keyof Groups[G]]: EndpointRoute & Pick<Groups[G][N], 'method' | 'path'> };
};

/** A method per endpoint, grouped by feature: `api.brandKits.activate({params: {id}})`. */
export type ApiClient<Groups extends EndpointGroups> = {
  [G in keyof Groups]: { [N in keyof Groups[G]]: EndpointMethod<Groups[G][N]> };
};

/** Fills `{param}` placeholders and appends the (snake_case) query string. */
export function buildEndpointUrl(
  endpoint: Pick<EndpointDefinition, 'path'>,
  params: Record<string, unknown> = {},
  query: Record<string, unknown> = {},
): string {
  const path = endpoint.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined || value === null) {
      throw new Error(`missing path parameter "${name}" for ${endpoint.path}`);
    }
    return encodeURIComponent(typeof value === 'string' ? value : JSON.stringify(value));
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(snakifyKeys(query))) {
    if (value === undefined || value === null) {
      continue;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      search.append(key, item instanceof Date ? item.toISOString() : String(item));
    }
  }
  const queryString = search.toString();
  return queryString ? `${path}?${queryString}` : path;
}

/** The service's `{error: {code, message, details}}` (checked by hand: the client bundles no schema library). */
function isErrorBody(payload: unknown): payload is ErrorBody {
  if (typeof payload !== 'object' || payload === null || !('error' in payload)) {
    return false;
  }
  const error: unknown = payload.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    'message' in error &&
    typeof error.message === 'string'
  );
}

async function toApiError(response: Response): Promise<ApiError> {
  const retryAfter = response.headers.get('retry-after');
  const retryAfterSeconds = retryAfter ? Number(retryAfter) : null;
  let payload: unknown = null;
  try {
    payload = await response.json();
  } catch {
    // a non-JSON error body (a proxy's HTML page, say) still becomes an ApiError below
  }
  if (isErrorBody(payload)) {
    const { code, message, details } = payload.error;
    return new ApiError(response.status, code, message, details ?? null, retryAfterSeconds);
  }
  return new ApiError(response.status, 'http_error', `HTTP ${response.status}`, null, retryAfterSeconds);
}

async function* parseEventStream(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let finished = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        finished = true;
        break;
      }
      buffer += decoder.decode(value, { stream: true });
      let boundary = buffer.indexOf('\n\n');
      while (boundary !== -1) {
        const rawEvent = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        const data = rawEvent
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trimStart())
          .join('\n');
        if (data) {
          yield camelizeKeys(JSON.parse(data) as unknown);
        }
        boundary = buffer.indexOf('\n\n');
      }
    }
  } finally {
    // a consumer that stops early (break, return, throw) must close the connection, not leave it open
    if (!finished) {
      await reader.cancel().catch(() => undefined);
    }
    reader.releaseLock();
  }
}

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Creates the typed client for a set of endpoint groups (usually the whole `apiEndpoints`). */
export function createApiClient<Groups extends EndpointGroups>(
  groups: Groups,
  options: ApiClientOptions,
): ApiClient<Groups> {
  return createRoutedApiClient<Groups>(groups, options);
}

/**
 * The same client from the routes alone (method, path, response kind), typed by the endpoints: a
 * browser bundle then holds the paths but none of the endpoints' schemas.
 */
export function createRoutedApiClient<Groups extends EndpointGroups>(
  groups: RoutesOf<Groups>,
  options: ApiClientOptions,
): ApiClient<Groups> {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));

  async function send(endpoint: EndpointRoute, input: Record<string, unknown>, callOptions?: CallOptions) {
    const url =
      options.baseUrl +
      buildEndpointUrl(
        endpoint,
        (input.params ?? {}) as Record<string, unknown>,
        (input.query ?? {}) as Record<string, unknown>,
      );
    const execute = async (): Promise<Response> => {
      const headers: Record<string, string> = { accept: 'application/json', ...(options.headers?.() ?? {}) };
      const token = options.getAccessToken?.();
      if (token) {
        headers.authorization = `Bearer ${token}`;
      }
      const csrf = options.getCsrfToken?.();
      if (csrf && stateChanging.has(endpoint.method)) {
        headers['x-csrf-token'] = csrf;
      }
      let body: BodyInit | undefined;
      if (input.body instanceof FormData) {
        body = input.body;
      } else if (input.body !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(snakifyKeys(input.body));
      }
      return doFetch(url, {
        method: endpoint.method,
        headers,
        body,
        credentials: options.credentials,
        signal: callOptions?.signal,
      });
    };
    let response = await execute();
    if (response.status === 401 && options.onUnauthorized && (await options.onUnauthorized())) {
      response = await execute();
    }
    if (!response.ok) {
      throw await toApiError(response);
    }
    switch (endpoint.responseKind ?? 'json') {
      case 'sse': {
        const stream = response.body;
        if (!stream) {
          throw new ApiError(response.status, 'empty_stream', 'The event stream had no body');
        }
        const events = parseEventStream(stream);
        return { headers: response.headers, [Symbol.asyncIterator]: () => events };
      }
      case 'binary':
        return response.blob();
      case 'json':
        return response.status === 204 ? undefined : camelizeKeys((await response.json()) as unknown);
      case 'redirect':
      case 'empty':
        return undefined;
    }
  }

  const client: Record<string, Record<string, unknown>> = {};
  for (const [groupName, endpoints] of Object.entries(groups as Record<string, Record<string, EndpointRoute>>)) {
    const group: Record<string, unknown> = {};
    for (const [name, endpoint] of Object.entries(endpoints)) {
      group[name] = (input: Record<string, unknown> = {}, callOptions?: CallOptions) =>
        send(endpoint, input, callOptions);
    }
    client[groupName] = group;
  }
  return client as ApiClient<Groups>;
}
