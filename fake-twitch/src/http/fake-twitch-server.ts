import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { appendBounded } from '../world/bounded-log';
import { helixError, HelixError, readRequest, send, type FakeRequest, type FakeResponse } from './http';

/** One request the fake received, with the status it answered. */
export interface FakeTwitchRequest {
  method: string;
  /** As requested: `/auth/token`, `/oauth2/token`, `/mock/streams`, `/eventsub/subscriptions`, … */
  path: string;
  /** The same in Twitch's own layout: `/oauth2/token`, `/helix/streams`, `/helix/eventsub/subscriptions`. */
  endpoint: string;
  query: URLSearchParams;
  /** Query string and form body together (OAuth clients send either). */
  params: URLSearchParams;
  headers: FakeRequest['headers'];
  /** The raw body (JSON for Helix writes). */
  body: string;
  status: number;
  /** True when no Twitch endpoint of the fake matches: the code under test called something unplanned. */
  unexpected: boolean;
}

export type Route = (req: FakeRequest) => FakeResponse | Promise<FakeResponse>;

export interface ServerParts {
  /** `METHOD /oauth2/...` or `METHOD /helix/...` → handler. */
  routes: Map<string, Route>;
  /** The fake's own control API under `/_fake/` and its index page at `/` (not logged as Twitch requests). */
  control(req: FakeRequest): Promise<FakeResponse | null>;
  /** WebSocket upgrades: Twitch chat (IRC over WebSocket). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

/**
 * Twitch's paths in the Twitch CLI mock layout that twurple uses with `TWURPLE_MOCK_API_PORT`:
 * `/auth/…` is `/oauth2/…`, `/mock/…` is `/helix/…`, and `/eventsub/subscriptions` has no prefix.
 */
export function endpointOf(path: string): string {
  if (path.startsWith('/auth/')) {
    return `/oauth2/${path.slice('/auth/'.length)}`;
  }
  if (path.startsWith('/mock/')) {
    return `/helix/${path.slice('/mock/'.length)}`;
  }
  if (path === '/eventsub/subscriptions') {
    return '/helix/eventsub/subscriptions';
  }
  return path;
}

async function answer(route: Route, request: FakeRequest): Promise<FakeResponse> {
  try {
    return await route(request);
  } catch (error) {
    if (error instanceof HelixError) {
      return helixError(error.status, error.message);
    }
    return helixError(500, error instanceof Error ? error.message : String(error));
  }
}

/** The HTTP side of the fake: routing, request log and the real socket on 127.0.0.1. */
export class FakeTwitchServer {
  readonly requests: FakeTwitchRequest[] = [];
  private server: Server | null = null;

  constructor(private readonly parts: ServerParts) {}

  async listen(port = 0, host = '127.0.0.1'): Promise<number> {
    const server = createServer((req, res) => {
      readRequest(req)
        .then(async (request) => {
          const control = await this.parts.control(request);
          if (control) {
            send(res, control);
            return;
          }
          const endpoint = endpointOf(request.path);
          const route = this.parts.routes.get(`${request.method} ${endpoint}`);
          const response = route
            ? await answer(route, request)
            : helixError(404, `The fake Twitch has no ${request.method} ${request.path}`);
          appendBounded(this.requests, {
            method: request.method,
            path: request.path,
            endpoint,
            query: request.query,
            params: request.params,
            headers: request.headers,
            body: request.body,
            status: response.status,
            unexpected: !route,
          });
          send(res, response);
        })
        .catch((error: unknown) => {
          send(res, { status: 500, json: { status: 500, message: String(error) } });
        });
    });
    server.on('upgrade', (req, socket, head) => this.parts.upgrade(req, socket, head));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return (server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) {
      return;
    }
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
