import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import cors from 'cors';
import cookieParser from 'cookie-parser';
import { pinoHttp } from 'pino-http';
import { randomUUID } from 'node:crypto';
import swaggerUi from 'swagger-ui-express';
import type { Infrastructure } from './infrastructure';
import type { Container } from './container';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { parsedBodies } from './http/body-parsers';
import { requestLogSerializers } from './http/request-log';
import { securityHeadersByPage } from './http/security-headers';
import { precompressedDocument, serveBuiltClient } from './http/static-client';
import { buildOpenApiDocument } from './openapi/document';
import { LocalFileStorage } from './storage';

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
  app.set(
    'trust proxy',
    config.http.trustProxy === 'true' ? true : config.http.trustProxy === 'false' ? false : config.http.trustProxy,
  );

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/health' },
      serializers: requestLogSerializers(),
      customLogLevel: (_req, res, error) => {
        const level = error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug';
        // 'silent' skips building the log line at all, which matters on busy endpoints (analytics)
        return logger.isLevelEnabled(level) ? level : 'silent';
      },
    }),
  );
  app.use(securityHeadersByPage(config.twitch.extensionClientId));
  const allowedOrigins = new Set([config.http.publicUrl, ...config.http.corsOrigins]);
  app.use(
    cors({
      origin: (origin, callback) => callback(null, !origin || allowedOrigins.has(origin)),
      credentials: true,
      exposedHeaders: ['X-Request-Id', 'X-Coach-Session-Id', 'Retry-After'],
    }),
  );
  app.use(cookieParser());
  app.use(parsedBodies());

  const openApiDocument = buildOpenApiDocument(config.http.publicUrl);
  app.get('/api/openapi.json', precompressedDocument(JSON.stringify(openApiDocument), 'application/json'));
  app.use('/api/docs', swaggerUi.serve, swaggerUi.setup(openApiDocument, { customSiteTitle: 'AuraStream API' }));

  for (const feature of container.features) {
    const routes = feature.routes?.(container.callers);
    if (routes) {
      app.use(routes);
    }
  }

  if (infra.storage instanceof LocalFileStorage) {
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
