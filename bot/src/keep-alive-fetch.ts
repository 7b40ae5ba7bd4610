import http from 'node:http';
import https from 'node:https';

const IDLE_CONNECTION_MS = 4000;

/**
 * The `fetch` the bot's typed client calls the service with: Node's HTTP client over a keep-alive
 * agent with a bounded pool. Every chat command is a request to the service, and the global fetch
 * (undici's WHATWG streams, signals and headers) cost the bot more CPU per command than the rest of
 * its work together. Takes what the typed client sends (a URL, a method, headers, a JSON string)
 * and answers a standard `Response`.
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
          headers: Object.fromEntries(new Headers(init.headers)),
          agent: agents[url.protocol],
          signal: init.signal ?? undefined,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const headers = new Headers();
            for (const [name, value] of Object.entries(response.headers)) {
              for (const each of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
                headers.append(name, each);
              }
            }
            const status = response.statusCode ?? 502;
            const content = Buffer.concat(chunks);
            resolve(
              new Response([204, 205, 304].includes(status) || content.length === 0 ? null : content, {
                status,
                statusText: response.statusMessage ?? '',
                headers,
              }),
            );
          });
        },
      );
      request.on('error', reject);
      request.end(body ?? undefined);
    });
}
