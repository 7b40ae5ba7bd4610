import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import cors from 'cors';
import swaggerUi from 'swagger-ui-express';
import type { Infrastructure } from './infrastructure';
import type { Container } from './container';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { parsedBodies } from './http/body-parsers';
import { gatedByPath } from './http/path-gate';
import { requestLogger } from './http/request-logger';
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

/** The Express application: middleware, every feature's routes, docs, files and the clients. */
export function createApp(infra: Infrastructure, container: Container): Express {
  const { config, logger } = infra;
  const app = express();
  app.disable('x-powered-by');
  app.use(httpMetrics());
  app.set(
    'trust proxy',
    config.http.trustProxy === 'true' ? true : config.http.trustProxy === 'false' ? false : config.http.trustProxy,
  );

  app.use(requestLogger(logger));
  app.use(requestContextMiddleware());
  app.use(metricsRoute(config.metrics.token));
  app.use(securityHeadersByPage(config.twitch.extensionClientId));
  const allowedOrigins = new Set([config.http.publicUrl, ...config.http.corsOrigins]);
  app.use(
    cors({
      origin: (origin, callback) => callback(null, !origin || allowedOrigins.has(origin)),
      credentials: true,
      exposedHeaders: ['X-Request-Id', 'X-Coach-Session-Id', 'Retry-After'],
    }),
  );
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
  return app;
}
