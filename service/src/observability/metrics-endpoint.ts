import cluster from 'node:cluster';
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestHandler } from 'express';
import { AggregatorRegistry } from 'prom-client';
import { metricsRegistry } from './metrics';

const REQUEST = 'aurastream:metrics-request';
const RESPONSE = 'aurastream:metrics-response';

interface MetricsResponseMessage {
  type: typeof RESPONSE;
  id: string;
  text?: string;
  error?: string;
}

function isResponse(message: unknown): message is MetricsResponseMessage {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === RESPONSE;
}

/** A service process asks its cluster primary for the sum of every process's metrics. */
function clusterMetricsFromPrimary(): Promise<string> {
  const id = randomUUID();
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => {
      process.off('message', onMessage);
      reject(new Error('the cluster primary did not answer with metrics'));
    }, 6000);
    const onMessage = (message: unknown): void => {
      if (!isResponse(message) || message.id !== id) {
        return;
      }
      clearTimeout(timeout);
      process.off('message', onMessage);
      if (message.text === undefined) {
        reject(new Error(message.error ?? 'no metrics'));
      } else {
        resolve(message.text);
      }
    };
    process.on('message', onMessage);
    process.send?.({ type: REQUEST, id });
  });
}

/**
 * In the primary of `SERVICE_PROCESSES` > 1: answers the service processes' requests for the
 * cluster's metrics (a scrape of `/metrics` on the shared port lands on any one of them), and
 * returns the function giving the same sum for the primary's own metrics port.
 */
export function serveClusterMetrics(): () => Promise<string> {
  const aggregator = new AggregatorRegistry();
  const aggregated = () => aggregator.clusterMetrics();
  cluster.on('message', (worker, message: unknown) => {
    if ((message as { type?: unknown } | null)?.type !== REQUEST) {
      return;
    }
    const { id } = message as { id: string };
    aggregated().then(
      (text) => worker.send({ type: RESPONSE, id, text } satisfies MetricsResponseMessage),
      (error: unknown) =>
        worker.send({ type: RESPONSE, id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  return aggregated;
}

/** This process's metrics, or the whole cluster's when it is one of several service processes. */
export function metricsText(): Promise<string> {
  return cluster.isWorker ? clusterMetricsFromPrimary() : metricsRegistry.metrics();
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Whether the request carries `Authorization: Bearer <token>` (compared in constant time). */
function authorized(req: IncomingMessage, token: string | null): boolean {
  if (token === null) {
    return true;
  }
  const header = req.headers.authorization ?? '';
  const match = /^Bearer (.+)$/.exec(header);
  return match !== null && timingSafeEqual(digest(match[1] ?? ''), digest(token));
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ error: { code, message, details: null } }));
}

/**
 * Answers `GET /metrics` in Prometheus's text format. `token`: required as a bearer token (null:
 * none asked, for a port only Prometheus reaches).
 */
export async function answerMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  token: string | null,
  text: () => Promise<string> = metricsText,
): Promise<void> {
  if (!authorized(req, token)) {
    res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
    sendError(res, 401, 'unauthorized', 'Send the metrics token as Authorization: Bearer <METRICS_TOKEN>');
    return;
  }
  try {
    const body = await text();
    res.writeHead(200, { 'content-type': metricsRegistry.contentType, 'cache-control': 'no-store' });
    res.end(body);
  } catch (error) {
    sendError(res, 503, 'metrics_unavailable', error instanceof Error ? error.message : String(error));
  }
}

/** The metrics port (`METRICS_PORT`): a listener serving only `GET /metrics`. */
export async function startMetricsServer(options: {
  host: string;
  port: number;
  token: string | null;
  text?: () => Promise<string>;
}): Promise<{ url: string; stop(): Promise<void> }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      sendError(res, 404, 'not_found', 'Only GET /metrics is served on this port');
      return;
    }
    void answerMetrics(req, res, options.token, options.text);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}/metrics`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `GET /metrics` on the service port, behind `METRICS_TOKEN`; without a token there is none (404). */
export function metricsRoute(token: string | null): RequestHandler {
  return (req, res, next) => {
    if (token === null || req.path !== '/metrics' || req.method !== 'GET') {
      next();
      return;
    }
    answerMetrics(req, res, token).catch(next);
  };
}
