import { Agent, request } from 'node:http';

/** An answer read whole: status, headers and the body as text (and as JSON when it parses). */
export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

export interface RawRequest {
  method: string;
  /** Path and query exactly as sent: nothing is encoded or normalised. */
  path: string;
  headers?: Record<string, string>;
  /** A value other than a string or bytes is sent as JSON. */
  body?: unknown;
  /** Gives up (and fails) after this long. */
  timeoutMs?: number;
}

/** Keeps connections open between requests, so thousands of them do not exhaust the port range. */
const agent = new Agent({ keepAlive: true, maxSockets: 32 });

function encodeBody(body: unknown, headers: Record<string, string>): Buffer | null {
  if (body === undefined) {
    return null;
  }
  if (Buffer.isBuffer(body)) {
    return body;
  }
  if (typeof body === 'string') {
    return Buffer.from(body, 'utf8');
  }
  headers['content-type'] ??= 'application/json';
  return Buffer.from(JSON.stringify(body), 'utf8');
}

/**
 * One HTTP request exactly as given, over node:http rather than fetch: fetch refuses or rewrites
 * some of what a hostile client sends (bodies on GET, odd header values, unencoded paths).
 */
export function sendRaw(baseUrl: string, options: RawRequest): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  const body = encodeBody(options.body, headers);
  if (body) {
    headers['content-length'] = String(body.length);
  }
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method: options.method, path: options.path, headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? (JSON.parse(text) as unknown) : undefined;
          } catch {
            // not JSON (a file, a page): `text` has it
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.setTimeout(options.timeoutMs ?? 20_000, () => {
      req.destroy(new Error(`${options.method} ${options.path}: no answer within ${options.timeoutMs ?? 20_000} ms`));
    });
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

/** The error envelope every refusal carries, or null when the body is not one. */
export function errorEnvelope(answer: RawAnswer): { code: string; message: string; details: unknown } | null {
  const error = (answer.json as { error?: unknown } | undefined)?.error as
    { code?: unknown; message?: unknown; details?: unknown } | undefined;
  if (
    !error ||
    typeof error.code !== 'string' ||
    typeof error.message !== 'string' ||
    !('details' in error) ||
    Object.keys(answer.json as object).length !== 1
  ) {
    return null;
  }
  return { code: error.code, message: error.message, details: error.details };
}

/** A short description of an answer for assertion messages. */
export function describeAnswer(request: RawRequest, answer: RawAnswer): string {
  return `${request.method} ${request.path.slice(0, 200)} → ${answer.status} ${answer.text.slice(0, 300)}`;
}
