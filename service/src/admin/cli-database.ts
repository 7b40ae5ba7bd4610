import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { Config } from '../config';
import { startMongo, type MongoHandle } from '../db/mongo';
import type { Logger } from '../shared/logger';

/** What a running service writes to `$DATA_DIR/runtime.json` so tools can reach its databases. */
interface RuntimeFile {
  mongodb_uri?: unknown;
}

export interface CliDatabase {
  mongo: MongoHandle;
  /** Which database was used, for the CLI to say. */
  source: string;
}

async function readRuntimeMongoUri(dataDir: string): Promise<string | null> {
  try {
    const runtime = JSON.parse(await readFile(path.join(dataDir, 'runtime.json'), 'utf8')) as RuntimeFile;
    return typeof runtime.mongodb_uri === 'string' && runtime.mongodb_uri ? runtime.mongodb_uri : null;
  } catch {
    return null;
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
  if (config.mongo.uri) {
    return { mongo: await startMongo({ uri: config.mongo.uri, ...options }, logger), source: 'MONGODB_URI' };
  }
  const runtimeUri = await readRuntimeMongoUri(config.dataDir);
  if (runtimeUri && (await isListening(runtimeUri))) {
    return {
      mongo: await startMongo({ uri: runtimeUri, ...options }, logger),
      source: `the running service's database (${path.join(config.dataDir, 'runtime.json')})`,
    };
  }
  return {
    mongo: await startMongo({ uri: null, ...options }, logger),
    source: `the embedded database in ${config.dataDir}`,
  };
}
