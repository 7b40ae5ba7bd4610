import cluster, { type Worker } from 'node:cluster';
import type { Config } from './config';
import { startEmbeddedMongoIn } from './db/mongo';
import { startRedis } from './db/redis';
import { localOrigin } from './http/origin';
import { removeRuntimeFile, writeRuntimeFile } from './runtime-file';
import type { Logger } from './shared/logger';
import { serveClusterMetrics, startMetricsServer } from './observability/metrics-endpoint';

/** The primary of `SERVICE_PROCESSES` > 1: it serves no request itself. */
export interface ServiceCluster {
  /** Origin the service processes answer on. */
  url: string;
  stop(): Promise<void>;
}

/** A process that dies is replaced after this long, so a crash loop does not spin the CPU. */
const restartDelayMs = 1000;
/** How long a stopping process may finish its requests and jobs before it is killed. */
const stopGraceMs = 20_000;

function exited(worker: Worker): Promise<void> {
  return worker.isDead() ? Promise.resolve() : new Promise((resolve) => worker.once('exit', () => resolve()));
}

/**
 * Runs `processes` service processes on one port with node:cluster, which hands each new connection
 * to the next process in turn: one Node process is one core, and request handling (parsing,
 * validation, JSON) is CPU-bound. The primary keeps what must exist once: the embedded MongoDB
 * server and the private Redis (when `MONGODB_URI` / `REDIS_URL` are unset), whose addresses the
 * processes get as those settings. Everything else already works across instances: rate limits,
 * sessions and account changes live in Redis, jobs are locked in MongoDB, websockets relay through
 * the Redis adapter.
 */
export async function startServiceCluster(
  config: Config,
  processes: number,
  logger: Logger,
  /** More settings for the processes (the simulated Twitch's, which the primary runs). */
  settings: Record<string, string> = {},
): Promise<ServiceCluster> {
  const embeddedMongo = config.mongo.uri ? null : await startEmbeddedMongoIn(config.dataDir, logger);
  const redis = config.redis.url
    ? null
    : await startRedis(
        { url: null, serverBin: config.redis.serverBin, dataDir: config.dataDir, keyPrefix: config.redis.keyPrefix },
        logger,
      ).catch(async (error: unknown) => {
        await embeddedMongo?.stop();
        throw error;
      });
  const stopDatabases = async () => {
    await Promise.allSettled([redis?.stop(), embeddedMongo?.stop()]);
  };
  const environment: Record<string, string> = {
    ...settings,
    ...(embeddedMongo ? { MONGODB_URI: embeddedMongo.uri } : {}),
    ...(redis ? { REDIS_URL: redis.url } : {}),
  };

  // a scrape of /metrics reaches one process; it asks here for every process's sum
  const clusterMetrics = serveClusterMetrics();
  let stopping = false;
  let port = config.http.port;
  const fork = (): Worker => {
    const worker = cluster.fork(environment);
    worker.once('listening', (address) => {
      port = address.port;
    });
    return worker;
  };

  const workers = Array.from({ length: processes }, fork);
  try {
    // every process must come up; one that exits first (a taken port, a bad setting) fails the start
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            worker.once('listening', () => resolve());
            worker.once('exit', (code, signal) =>
              reject(new Error(`a service process exited while starting (${signal ?? `exit code ${code}`})`)),
            );
          }),
      ),
    );
  } catch (error) {
    stopping = true;
    workers.forEach((worker) => worker.process.kill('SIGTERM'));
    await Promise.all(workers.map(exited));
    await stopDatabases();
    throw error;
  }

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      return;
    }
    logger.error({ servicePid: worker.process.pid, code, signal }, 'a service process died; starting another');
    setTimeout(() => {
      if (!stopping) {
        fork();
      }
    }, restartDelayMs).unref();
  });

  if (embeddedMongo || redis) {
    await writeRuntimeFile(config.dataDir, {
      mongodb_uri: embeddedMongo?.uri ?? config.mongo.uri ?? '',
      redis_url: redis?.url ?? config.redis.url ?? '',
      pid: process.pid,
    });
  }
  const metricsServer =
    config.metrics.port === null
      ? null
      : await startMetricsServer({ ...config.metrics, port: config.metrics.port, text: clusterMetrics });
  logger.info({ processes, port, metrics: metricsServer?.url }, 'service processes are listening');

  let stopped: Promise<void> | null = null;
  return {
    url: localOrigin(config.http.host, port),
    stop() {
      stopped ??= (async () => {
        stopping = true;
        await metricsServer?.stop();
        const running = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => !!worker);
        // each process stops gracefully on SIGTERM: in-flight requests finish, running jobs are unlocked
        running.forEach((worker) => worker.process.kill('SIGTERM'));
        const killLate = setTimeout(() => running.forEach((worker) => worker.process.kill('SIGKILL')), stopGraceMs);
        await Promise.all(running.map(exited));
        clearTimeout(killLate);
        await stopDatabases();
        if (embeddedMongo || redis) {
          await removeRuntimeFile(config.dataDir);
        }
      })();
      return stopped;
    },
  };
}
