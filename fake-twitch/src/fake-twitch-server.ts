import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeHelixHandlers } from './helix-handlers';
import { FakeOAuthHandlers } from './oauth-handlers';
import type { FakeAccessToken, FakeTwitchState } from './fake-twitch-state';
import { helixError, readRequest, send, type FakeRequest, type FakeResponse } from './http';

/** One request the fake received, with the status it answered. */
export interface FakeTwitchRequest {
  method: string;
  /** As requested: `/auth/token`, `/oauth2/token`, `/mock/streams`, `/helix/streams`, … */
  path: string;
  /** The same in Twitch's own layout: `/oauth2/token`, `/helix/streams`. */
  endpoint: string;
  query: URLSearchParams;
  /** Query string and form body together (OAuth clients send either). */
  params: URLSearchParams;
  headers: FakeRequest['headers'];
  status: number;
  /** True when no Twitch endpoint of the fake matches: the code under test called something unplanned. */
  unexpected: boolean;
}

type Route = (req: FakeRequest) => FakeResponse;

/** Helix's points per minute for an app (the fake never runs out). */
const HELIX_BUCKET = 800;

/** `/auth/…` (Twitch CLI mock, used by twurple) is `/oauth2/…`; `/mock/…` is `/helix/…`. */
function endpointOf(path: string): string {
  if (path.startsWith('/auth/')) {
    return `/oauth2/${path.slice('/auth/'.length)}`;
  }
  if (path.startsWith('/mock/')) {
    return `/helix/${path.slice('/mock/'.length)}`;
  }
  return path;
}

/** The HTTP side of the fake: routing, request log and the real socket on 127.0.0.1. */
export class FakeTwitchServer {
  readonly requests: FakeTwitchRequest[] = [];
  private readonly routes = new Map<string, Route>();
  private server: Server | null = null;
  private helixCalls = 0;

  constructor(state: FakeTwitchState) {
    const oauth = new FakeOAuthHandlers(state);
    const helix = new FakeHelixHandlers(state);
    const authenticated =
      (handler: (req: FakeRequest, token: FakeAccessToken) => FakeResponse): Route =>
      (req) => {
        const result = helix.authenticate(req);
        return 'error' in result ? result.error : handler(req, result.token);
      };
    this.routes.set('GET /oauth2/authorize', (req) => oauth.authorize(req));
    this.routes.set('POST /oauth2/token', (req) => oauth.token(req));
    this.routes.set('GET /oauth2/validate', (req) => oauth.validate(req));
    this.routes.set('POST /oauth2/revoke', (req) => oauth.revoke(req));
    this.routes.set(
      'GET /helix/users',
      authenticated((req, token) => helix.users(req, token)),
    );
    this.routes.set(
      'GET /helix/channels',
      authenticated((req) => helix.channels(req)),
    );
    this.routes.set(
      'GET /helix/streams',
      authenticated((req) => helix.streams(req)),
    );
    this.routes.set(
      'GET /helix/games',
      authenticated((req) => helix.games(req)),
    );
    this.routes.set(
      'GET /helix/search/categories',
      authenticated((req) => helix.searchCategories(req)),
    );
  }

  async listen(): Promise<number> {
    const server = createServer((req, res) => {
      readRequest(req)
        .then((request) => {
          const endpoint = endpointOf(request.path);
          const route = this.routes.get(`${request.method} ${endpoint}`);
          const response = route
            ? route(request)
            : helixError(404, `The fake Twitch has no ${request.method} ${request.path}`);
          if (endpoint.startsWith('/helix/')) {
            response.headers = { ...this.rateLimitHeaders(), ...response.headers };
          }
          this.requests.push({
            method: request.method,
            path: request.path,
            endpoint,
            query: request.query,
            params: request.params,
            headers: request.headers,
            status: response.status,
            unexpected: !route,
          });
          send(res, response);
        })
        .catch((error: unknown) => {
          send(res, { status: 500, json: { status: 500, message: String(error) } });
        });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return (server.address() as AddressInfo).port;
  }

  /** Helix reports its token bucket on every answer; clients such as twurple pace themselves by it. */
  private rateLimitHeaders(): Record<string, string> {
    this.helixCalls += 1;
    return {
      'ratelimit-limit': String(HELIX_BUCKET),
      'ratelimit-remaining': String(HELIX_BUCKET - 1 - (this.helixCalls % (HELIX_BUCKET - 1))),
      'ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 60),
    };
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
