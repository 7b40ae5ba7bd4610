import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { Config } from '../config';
import { startMongo, type MongoHandle } from '../db/mongo';
import type { Logger } from '../shared/logger';

/** What a running service writes to `$DATA_DIR/runtime.json` so tools can reach its databases. */
interface RuntimeFile {
  mongodb_uri?: unknown;
  redis_url?: unknown;
}

export interface CliDatabase {
  mongo: MongoHandle;
  /** Which database was used, for the CLI to say. */
  source: string;
  /** The running service's Redis, to tell it about changes; null when no service runs. */
  redisUrl: string | null;
}

async function readRuntimeFile(dataDir: string): Promise<{ mongoUri: string | null; redisUrl: string | null }> {
  const text = (value: unknown) => (typeof value === 'string' && value ? value : null);
  try {
    const runtime = JSON.parse(await readFile(path.join(dataDir, 'runtime.json'), 'utf8')) as RuntimeFile;
    return { mongoUri: text(runtime.mongodb_uri), redisUrl: text(runtime.redis_url) };
  } catch {
    return { mongoUri: null, redisUrl: null };
  }
}

/** Whether something listens at the URI's host and port (a stale runtime.json names a dead port). */
function isListening(uri: string, timeoutMs = 1500): Promise<boolean> {
  const url = new URL(uri);
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port || 27017) });
    const finish = (listening: boolean) => {
      socket.destroy();
      resolve(listening);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/**
 * The database the CLI works on, the same one the service uses: `MONGODB_URI` when set; else the
 * embedded server of the running service (its address is in `$DATA_DIR/runtime.json`); else the
 * embedded server started here on `$DATA_DIR`, which works only while the service is stopped (the
 * service holds the data folder's lock).
 */
export async function connectCliDatabase(config: Config, logger: Logger): Promise<CliDatabase> {
  const options = { dbName: config.mongo.dbName, dataDir: config.dataDir };
  const runtime = await readRuntimeFile(config.dataDir);
  const redisUrl = config.redis.url ?? runtime.redisUrl;
  if (config.mongo.uri) {
    return {
      mongo: await startMongo({ uri: config.mongo.uri, ...options }, logger),
      source: 'MONGODB_URI',
      redisUrl,
    };
  }
  if (runtime.mongoUri && (await isListening(runtime.mongoUri))) {
    return {
      mongo: await startMongo({ uri: runtime.mongoUri, ...options }, logger),
      source: `the running service's database (${path.join(config.dataDir, 'runtime.json')})`,
      redisUrl,
    };
  }
  return {
    mongo: await startMongo({ uri: null, ...options }, logger),
    source: `the embedded database in ${config.dataDir}`,
    // no service runs on this data folder: nobody to tell, unless a shared Redis is configured
    redisUrl: config.redis.url,
  };
}
