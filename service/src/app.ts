import { existsSync } from 'node:fs';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import cors from 'cors';
import proxyAddr from 'proxy-addr';
import swaggerUi from 'swagger-ui-express';
import type { Infrastructure } from './infrastructure';
import type { Container } from './container';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { parsedBodies } from './http/body-parsers';
import { gatedByPath } from './http/path-gate';
import { createHotLane } from './http/hot-lane';
import { requestLog } from './http/request-logger';
import { securityHeadersByPage } from './http/security-headers';
import { precompressedDocument, serveBuiltClient } from './http/static-client';
import { buildOpenApiDocument } from './openapi/document';
import { LocalFileStorage } from './storage';
import { signedFileRedirects } from './storage/signed-urls';
import { httpMetrics } from './observability/http-metrics';
import { metricsRoute } from './observability/metrics-endpoint';
import { requestContextMiddleware } from './observability/request-context';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Whether `npm run build` produced the dashboard's or the extension's bundle. */
export function builtClientExists(client: 'dashboard' | 'extension'): boolean {
  return existsSync(path.join(repositoryRoot, client, 'dist', 'index.html'));
}

/**
 * What the HTTP server runs for each request: the hottest reads on the fast path when it is on
 * (`HTTP_FAST_PATH`), everything else (and every read the fast path hands over) through Express.
 */
export function createRequestListener(infra: Infrastructure, container: Container): RequestListener {
  const parts = createApp(infra, container);
  if (!infra.config.http.fastPath) {
    return parts.app;
  }
  const trust = parts.app.get('trust proxy fn') as Parameters<typeof proxyAddr>[1];
  const lane = createHotLane({
    routes: container.features.flatMap((feature) => feature.hotRoutes ?? []),
    callers: container.callers,
    securityHeaders: parts.securityHeaders.forPath('/api'),
    cors: parts.cors,
    requestLog: parts.requestLog,
    clientIp: (req) => proxyAddr(req, trust),
    etag: parts.app.get('etag fn') as ((body: Buffer) => string | undefined) | undefined,
  });
  const express = (req: IncomingMessage, res: ServerResponse) => {
    parts.app(req, res);
  };
  return (req, res) => lane(req, res, express);
}

/** The Express application: middleware, every feature's routes, docs, files and the clients. */
export function createApp(infra: Infrastructure, container: Container) {
  const { config, logger } = infra;
  const app = express();
  app.disable('x-powered-by');
  app.use(httpMetrics());
  app.set(
    'trust proxy',
    config.http.trustProxy === 'true' ? true : config.http.trustProxy === 'false' ? false : config.http.trustProxy,
  );

  const requests = requestLog(logger);
  app.use(requests.middleware);
  app.use(requestContextMiddleware());
  app.use(metricsRoute(config.metrics.token));
  const securityHeaders = securityHeadersByPage(config.twitch.extensionClientId);
  app.use(securityHeaders.middleware);
  const allowedOrigins = new Set([config.http.publicUrl, ...config.http.corsOrigins]);
  const corsHeaders = cors({
    origin: (origin, callback) => callback(null, !origin || allowedOrigins.has(origin)),
    credentials: true,
    exposedHeaders: ['X-Request-Id', 'X-Coach-Session-Id', 'Retry-After'],
  });
  app.use(corsHeaders);
  app.use(parsedBodies());

  const openApiDocument = buildOpenApiDocument(config.http.publicUrl);
  app.get('/api/openapi.json', precompressedDocument(JSON.stringify(openApiDocument), 'application/json'));
  app.use('/api/docs', swaggerUi.serve, swaggerUi.setup(openApiDocument, { customSiteTitle: 'AuraStream API' }));

  for (const feature of container.features) {
    const routes = feature.routes?.(container.callers);
    if (routes) {
      // a request skips the routers none of whose routes could match it
      app.use(gatedByPath(routes));
    }
  }

  if (infra.signedFileUrls) {
    app.use('/files', signedFileRedirects(infra.signedFileUrls));
  } else if (infra.storage instanceof LocalFileStorage) {
    app.use(
      '/files',
      express.static(infra.storage.root, {
        dotfiles: 'deny',
        index: false,
        redirect: false,
        // keys are unique per file version, so a file never changes under its URL
        maxAge: '365d',
        immutable: true,
        fallthrough: true,
      }),
    );
  }

  serveBuiltClient(app, '/extension', path.join(repositoryRoot, 'extension/dist'));
  serveBuiltClient(app, '/', path.join(repositoryRoot, 'dashboard/dist'));

  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return { app, securityHeaders, cors: corsHeaders, requestLog: requests };
}
