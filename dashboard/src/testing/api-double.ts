import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Window as HappyWindow } from 'happy-dom';

/** A request the dashboard made, as the service would have received it (snake_case JSON body). */
export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
}

/** What a route answers: a status and a JSON body (the error envelope for failures). */
export interface Answer {
  status: number;
  body?: unknown;
}

type Responder = (request: RecordedRequest) => Answer | Promise<Answer>;

/**
 * The AuraStream API as the dashboard reaches it: a real HTTP server on loopback that records every
 * request and answers from routes a test declares (`GET /api/v1/brand-kits`), 404 for anything else.
 * The page's origin is moved to it, so the dashboard's own client talks to it unchanged.
 */
export class ApiDouble {
  readonly requests: RecordedRequest[] = [];
  private readonly routes = new Map<string, Responder>();
  private readonly server = createServer((req, res) => void this.handle(req, res));

  static async start(): Promise<ApiDouble> {
    const double = new ApiDouble();
    await new Promise<void>((resolve) => double.server.listen(0, '127.0.0.1', resolve));
    (window as unknown as HappyWindow).happyDOM.setURL(`${double.url}/`);
    return double;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Answers `METHOD path` (path without the query) with `answer` from now on. */
  on(route: string, answer: Answer | Responder): this {
    this.routes.set(route, typeof answer === 'function' ? answer : () => answer);
    return this;
  }

  /** The requests made to `METHOD path`. */
  made(route: string): RecordedRequest[] {
    return this.requests.filter((request) => `${request.method} ${request.path}` === route);
  }

  reset(): void {
    this.requests.length = 0;
    this.routes.clear();
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) {
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: new URL(req.url ?? '/', this.url).pathname,
      body: text ? (JSON.parse(text) as unknown) : undefined,
    };
    this.requests.push(request);
    const responder = this.routes.get(`${request.method} ${request.path}`);
    const answer = responder
      ? await responder(request)
      : { status: 404, body: { error: { code: 'not_found', message: 'No such route', details: null } } };
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  }
}

/** The error envelope the service answers failures with. */
export function errorBody(code: string, message: string, details: unknown = null): unknown {
  return { error: { code, message, details } };
}
