import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { testLogger } from './test-logs';
import { startRedis, type RedisHandle } from '../db/redis';

interface SharedInfrastructure {
  mongoUri: string;
  redisUrl: string;
  stop(): Promise<void>;
}

let shared: Promise<SharedInfrastructure> | null = null;

/**
 * One MongoDB and one Redis for a whole test run (tests isolate themselves with their own database
 * name and Redis key prefix). `MONGODB_URI` / `REDIS_URL` in the environment are used when set, so
 * the suite also runs against a real MongoDB and Redis.
 */
export function sharedInfrastructure(): Promise<SharedInfrastructure> {
  shared ??= (async () => {
    const logger = testLogger('test-infra');
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'aurastream-test-infra-'));
    let mongoUri = process.env.MONGODB_URI ?? '';
    let stopMongo: () => Promise<void> = async () => undefined;
    if (!mongoUri) {
      const { startEmbeddedMongo } = await import('../db/embedded/index');
      const server = await startEmbeddedMongo({
        dbPath: path.join(dataDir, 'mongo'),
        port: 0,
        host: '127.0.0.1',
        logger,
        // test data is thrown away: skip the per-write fsync that durability needs
        fsync: false,
      });
      mongoUri = server.uri;
      stopMongo = () => server.stop();
    }
    const redis: RedisHandle = await startRedis(
      { url: process.env.REDIS_URL || null, serverBin: 'redis-server', dataDir, keyPrefix: '' },
      logger,
    );
    return {
      mongoUri,
      redisUrl: redis.url,
      async stop() {
        await Promise.allSettled([stopMongo(), redis.stop()]);
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  })();
  return shared;
}

/** Stops the shared servers; the root hook calls it once at the end of the run. */
export async function stopSharedInfrastructure(): Promise<void> {
  if (shared) {
    const infrastructure = await shared;
    shared = null;
    await infrastructure.stop();
  }
}
