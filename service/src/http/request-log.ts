import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiEndpoints } from '@aurastream/contract';
import { redactHeaders, UrlRedactor } from '../shared/log-redaction';
import { serializeError } from '../shared/logger';

/** The request as the request log describes it (the shape pino-std-serializers gives). */
interface SerializedRequest {
  id: unknown;
  method: string;
  url: string;
  headers: Record<string, unknown>;
  remoteAddress?: string;
  remotePort?: number;
  raw: IncomingMessage;
}

interface SerializedResponse {
  statusCode: number;
  headers: Record<string, unknown>;
  raw: ServerResponse;
}

/** Every path of the API, so the credential segments among them (`{token}`) are known. */
function apiPaths(): string[] {
  return Object.values(apiEndpoints).flatMap((group) =>
    Object.values(group as Record<string, { path: string }>).map((endpoint) => endpoint.path),
  );
}

/**
 * What the request log (`request-logger.ts`) holds of a request and its answer, without credentials: headers (Authorization,
 * cookies, CSRF and extension tokens), URL paths (e-mail link tokens) and query strings. The parsed
 * `query` and `params` are left out: they repeat the URL.
 */
export function requestLogSerializers() {
  const urls = new UrlRedactor(apiPaths());
  return {
    req: (req: SerializedRequest) => ({
      id: req.id,
      method: req.method,
      url: urls.redact(req.url),
      headers: redactHeaders(req.headers, urls),
      remoteAddress: req.remoteAddress,
      remotePort: req.remotePort,
    }),
    res: (res: SerializedResponse) => ({
      statusCode: res.statusCode,
      headers: redactHeaders(res.headers, urls),
    }),
    err: serializeError,
  };
}
