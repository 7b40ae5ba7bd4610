import cluster from 'node:cluster';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Agenda } from 'agenda';
import type { Config } from './config';
import { createLogger, type Logger } from './shared/logger';
import { startInfrastructure, type Infrastructure } from './infrastructure';
import { createContainer, type Container } from './container';
import { createRequestListener } from './app';
import { createScheduler } from './jobs/scheduler';
import { removeRuntimeFile, writeRuntimeFile } from './runtime-file';
import { localOrigin } from './http/origin';
import { startMetricsServer } from './observability/metrics-endpoint';

/** How long an idle keep-alive connection stays open: longer than any client's or proxy's. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** A running AuraStream service: HTTP, websockets and (optionally) the job worker. */
export interface RunningService {
  config: Config;
  logger: Logger;
  infra: Infrastructure;
  container: Container;
  server: Server;
  scheduler: Agenda | null;
  /** Origin the service answers on, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** `METRICS_PORT`'s `/metrics` URL, when this process serves one. */
  metricsUrl: string | null;
  stop(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** Run the job worker in this process (default: `RUN_WORKER`). */
  runWorker?: boolean;
  /** Serve HTTP (false for `npm run worker`). */
  serveHttp?: boolean;
}

async function startFeatures(container: Container, scheduler: Agenda | null, runsJobs: boolean): Promise<void> {
  for (const feature of container.features) {
    await feature.start?.({ scheduler, runsJobs });
  }
}

export async function startService(config: Config, options: StartOptions = {}): Promise<RunningService> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const infra = await startInfrastructure(config, logger);
  const container = createContainer(infra);
  const runWorker = options.runWorker ?? config.jobs.runWorker;
  const serveHttp = options.serveHttp ?? true;

  let scheduler: Agenda | null = null;
  let server: Server;
  let metricsServer: Awaited<ReturnType<typeof startMetricsServer>> | null = null;
  try {
    // every process can enqueue jobs; only workers process them
    scheduler = createScheduler({
      connection: infra.mongo.connection,
      name: `${serveHttp ? 'service' : 'worker'}-${process.pid}`,
      logger,
      lockLifetimeMs: config.jobs.lockLifetimeMs,
      maxConcurrency: Math.max(config.jobs.concurrency, 4),
    });
    for (const feature of container.features) {
      feature.registerJobs?.(scheduler);
    }
    if (runWorker) {
      await scheduler.start();
    } else {
      await scheduler.ready;
    }
    await startFeatures(container, scheduler, runWorker);

    server = createServer(createRequestListener(infra, container));
    // Idle keep-alive connections are closed by the client (or the proxy in front) first: a server
    // that closes one as the client reuses it makes that request fail with ECONNRESET. Proxies and
    // load balancers commonly keep idle connections for 60 s, Node's clients for 4 s.
    server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
    for (const feature of container.features) {
      await feature.attachToServer?.(server);
    }
    if (serveHttp) {
      const httpServer = server;
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.http.port, config.http.host, () => resolve());
      });
    }
    // with several service processes the primary serves the metrics port (their sum)
    if (config.metrics.port !== null && !cluster.isWorker) {
      metricsServer = await startMetricsServer({ ...config.metrics, port: config.metrics.port });
    }
  } catch (error) {
    // features started before the failure (the EventSub drain, timers) stop before the databases close
    for (const feature of [...container.features].reverse()) {
      await feature.stop?.().catch(() => undefined);
    }
    await scheduler?.stop().catch(() => undefined);
    await infra.stop();
    throw error;
  }

  const ownsEmbeddedServers = infra.mongo.embedded || !config.redis.url;
  if (ownsEmbeddedServers) {
    await writeRuntimeFile(config.dataDir, {
      mongodb_uri: infra.mongo.uri,
      redis_url: infra.redisHandle.url,
      pid: process.pid,
    });
  }
  const address = serveHttp ? (server.address() as AddressInfo) : null;
  const url = address ? localOrigin(config.http.host, address.port) : '';
  const runningServer = server;
  const runningScheduler = scheduler;
  const runningMetrics = metricsServer;
  let stopping: Promise<void> | null = null;

  return {
    config,
    logger,
    infra,
    container,
    server: runningServer,
    scheduler: runningScheduler,
    url,
    metricsUrl: runningMetrics?.url ?? null,
    stop() {
      stopping ??= (async () => {
        await runningMetrics?.stop();
        if (serveHttp) {
          runningServer.closeIdleConnections();
          const closed = new Promise<void>((resolve) => runningServer.close(() => resolve()));
          // streams (SSE, websockets) are ended by their features' stop(); give requests 10 s
          const forced = setTimeout(() => runningServer.closeAllConnections(), 10_000);
          for (const feature of [...container.features].reverse()) {
            await feature
              .stop?.()
              .catch((error: unknown) => logger.warn({ err: error, feature: feature.name }, 'feature stop failed'));
          }
          await closed;
          clearTimeout(forced);
        } else {
          for (const feature of [...container.features].reverse()) {
            await feature
              .stop?.()
              .catch((error: unknown) => logger.warn({ err: error, feature: feature.name }, 'feature stop failed'));
          }
        }
        // stop() unlocks running jobs so another worker picks them up at once
        await runningScheduler.stop().catch((error: unknown) => logger.warn({ err: error }, 'scheduler stop failed'));
        await infra.stop();
        if (ownsEmbeddedServers) {
          await removeRuntimeFile(config.dataDir);
        }
      })();
      return stopping;
    },
  };
}
