import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request as the fake saw it; `params` merges the query string and a form or JSON body. */
export interface FakeRequest {
  method: string;
  /** Path as requested, e.g. `/mock/streams` or `/oauth2/token`. */
  path: string;
  query: URLSearchParams;
  params: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  /** The body parsed as JSON; undefined when it is not JSON, `invalid` when it does not parse. */
  json: unknown;
  jsonInvalid: boolean;
}

/** What a handler answers: JSON, or a text/HTML body with its content type. */
export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  body?: string;
  contentType?: string;
}

export async function readRequest(req: IncomingMessage): Promise<FakeRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  const body = Buffer.concat(chunks).toString('utf8');
  const url = new URL(req.url ?? '/', 'http://fake-twitch');
  const params = new URLSearchParams(url.searchParams);
  const contentType = req.headers['content-type'] ?? '';
  let json: unknown = undefined;
  let jsonInvalid = false;
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(body)) {
      params.append(key, value);
    }
  } else if (contentType.startsWith('application/json') && body) {
    try {
      json = JSON.parse(body);
    } catch {
      jsonInvalid = true;
    }
    if (json && typeof json === 'object' && !Array.isArray(json)) {
      for (const [key, value] of Object.entries(json)) {
        if (typeof value !== 'object') {
          params.append(key, String(value));
        }
      }
    }
  }
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    params,
    headers: req.headers,
    body,
    json,
    jsonInvalid,
  };
}

export function send(res: ServerResponse, response: FakeResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  let payload: string | undefined;
  if (response.json !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(response.json);
  } else if (response.body !== undefined) {
    headers['content-type'] = response.contentType ?? 'text/plain; charset=utf-8';
    payload = response.body;
  }
  res.writeHead(response.status, headers);
  res.end(payload);
}

/** Twitch OAuth's error body. */
export function oauthError(status: number, message: string): FakeResponse {
  return { status, json: { status, message } };
}

const reasons: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  425: 'Too Early',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** Helix's error body: `{"error": "Bad Request", "status": 400, "message": "…"}`. */
export function helixError(status: number, message: string): FakeResponse {
  return { status, json: { error: reasons[status] ?? 'Error', status, message } };
}

/** A rule of Twitch's broken: handlers throw it and the router answers it as a Helix error. */
export class HelixError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The `Authorization` header's token for the given scheme(s), case-insensitively. */
export function bearerToken(req: FakeRequest, schemes: readonly string[]): string | null {
  const header = req.headers.authorization;
  if (!header) {
    return null;
  }
  const match = /^(\w+)\s+(\S+)$/.exec(header);
  return match?.[1] && match[2] && schemes.includes(match[1].toLowerCase()) ? match[2] : null;
}

export function cookie(req: FakeRequest, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) {
      return decodeURIComponent(value.join('='));
    }
  }
  return null;
}

export function redirect(location: string, headers: Record<string, string> = {}): FakeResponse {
  return { status: 302, headers: { location, ...headers } };
}

export function html(status: number, body: string): FakeResponse {
  return { status, body, contentType: 'text/html; charset=utf-8' };
}
