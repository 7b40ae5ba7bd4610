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
}

/** What a handler answers. */
export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
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
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(body)) {
      params.append(key, value);
    }
  } else if (contentType.startsWith('application/json') && body) {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    for (const [key, value] of Object.entries(parsed)) {
      params.append(key, String(value));
    }
  }
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    params,
    headers: req.headers,
    body,
  };
}

export function send(res: ServerResponse, response: FakeResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  if (response.json !== undefined) {
    headers['content-type'] = 'application/json';
  }
  res.writeHead(response.status, headers);
  res.end(response.json === undefined ? undefined : JSON.stringify(response.json));
}

/** Twitch OAuth's error body. */
export function oauthError(status: number, message: string): FakeResponse {
  return { status, json: { status, message } };
}

/** Helix's error body. */
export function helixError(status: number, message: string): FakeResponse {
  const error = status === 401 ? 'Unauthorized' : status === 404 ? 'Not Found' : 'Bad Request';
  return { status, json: { error, status, message } };
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
