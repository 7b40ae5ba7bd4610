import type { Redis } from 'ioredis';
import type { Config } from './config';
import { startMongo, type MongoHandle } from './db/mongo';
import { startRedis, type RedisHandle } from './db/redis';
import { createFileStorage, type FileStorage, type SignedFileUrls } from './storage';
import type { Logger } from './shared/logger';

/** The outside things the service stands on: MongoDB, Redis and file storage. */
export interface Infrastructure {
  config: Config;
  logger: Logger;
  mongo: MongoHandle;
  redisHandle: RedisHandle;
  /** The shared command connection; keys are `REDIS_KEY_PREFIX` + a name from `redisKeys`. */
  redis: Redis;
  storage: FileStorage;
  /** Signed, expiring URLs of stored files (`STORAGE_SIGNED_URLS`), or null when files are served plainly. */
  signedFileUrls: SignedFileUrls | null;
  stop(): Promise<void>;
}

export async function startInfrastructure(config: Config, logger: Logger): Promise<Infrastructure> {
  const [mongo, redisHandle] = await Promise.all([
    startMongo({ uri: config.mongo.uri, dbName: config.mongo.dbName, dataDir: config.dataDir }, logger),
    startRedis(
      {
        url: config.redis.url,
        serverBin: config.redis.serverBin,
        dataDir: config.dataDir,
        keyPrefix: config.redis.keyPrefix,
      },
      logger,
    ),
  ]);
  const redis = redisHandle.connect('aurastream', { autoPipeline: true });
  const { storage, signedUrls: signedFileUrls } = await createFileStorage(config);
  return {
    config,
    logger,
    mongo,
    redisHandle,
    redis,
    storage,
    signedFileUrls,
    async stop() {
      await Promise.allSettled([mongo.stop(), redisHandle.stop()]);
    },
  };
}
