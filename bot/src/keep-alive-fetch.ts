import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';

const IDLE_CONNECTION_MS = 4000;

/** The request headers as a plain object (the typed client passes one; anything else goes through `Headers`). */
function plainHeaders(headers: HeadersInit | undefined): Record<string, string> {
  if (headers === undefined) {
    return {};
  }
  if (headers instanceof Headers || Array.isArray(headers)) {
    return Object.fromEntries(new Headers(headers));
  }
  return headers;
}

function headersOf(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    for (const each of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      headers.append(name, each);
    }
  }
  return headers;
}

/**
 * A JSON answer read whole, with the part of `Response` the typed client reads of one (status,
 * `ok`, `headers`, `json`, `text`): building a WHATWG `Response` and reading its body through a
 * stream cost the bot more per command than the request itself. Its headers are built if read.
 */
class JsonAnswer {
  private headerList: Headers | null = null;

  constructor(
    readonly status: number,
    readonly statusText: string,
    private readonly incoming: IncomingHttpHeaders,
    private readonly content: Buffer,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get headers(): Headers {
    this.headerList ??= headersOf(this.incoming);
    return this.headerList;
  }

  async text(): Promise<string> {
    return this.content.toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.content.toString('utf8'));
  }
}

/**
 * The `fetch` the bot's typed client calls the service with: Node's HTTP client over a keep-alive
 * agent with a bounded pool. Every chat command is a request to the service, and the global fetch
 * (undici's WHATWG streams, signals and headers) cost the bot more CPU per command than the rest of
 * its work together. Takes what the typed client sends (a URL, a method, headers, a JSON string);
 * answers a JSON body as a `JsonAnswer`, anything else as a standard `Response`.
 */
export function keepAliveFetch(options: { maxSockets: number }): typeof fetch {
  // an idle connection is closed before the server's 5 s (Node's default keepAliveTimeout), so a
  // request is never written to a socket the server is closing (Node's agent heeds the server's
  // Keep-Alive hint only below its own timeout)
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets, timeout: IDLE_CONNECTION_MS };
  const agents: Record<string, http.Agent> = {
    'http:': new http.Agent(agentOptions),
    'https:': new https.Agent(agentOptions),
  };
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const client = url.protocol === 'https:' ? https : http;
      const { body } = init;
      if (body !== undefined && body !== null && typeof body !== 'string') {
        reject(new TypeError('keepAliveFetch sends string bodies only'));
        return;
      }
      const request = client.request(
        url,
        {
          method: init.method ?? 'GET',
          headers: plainHeaders(init.headers),
          agent: agents[url.protocol],
          signal: init.signal ?? undefined,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const status = response.statusCode ?? 502;
            const statusText = response.statusMessage ?? '';
            const content = Buffer.concat(chunks);
            const empty = [204, 205, 304].includes(status) || content.length === 0;
            if (!empty && /^application\/json\b/iu.test(response.headers['content-type'] ?? '')) {
              // the typed client reads nothing of a JSON answer beyond what JsonAnswer has
              resolve(new JsonAnswer(status, statusText, response.headers, content) as unknown as Response);
              return;
            }
            resolve(new Response(empty ? null : content, { status, statusText, headers: headersOf(response.headers) }));
          });
        },
      );
      request.on('error', reject);
      request.end(body ?? undefined);
    });
}
