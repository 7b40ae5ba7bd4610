import path from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import type { Logger } from '../shared/logger';
import { recordDependencyError } from '../observability/metrics';

/** The MongoDB the service uses: the configured one, or the embedded server in the data folder. */
export interface MongoHandle {
  uri: string;
  connection: Connection;
  /** Whether the embedded server runs in this process. */
  embedded: boolean;
  stop(): Promise<void>;
}

function withDatabase(uri: string, dbName: string): string {
  const url = new URL(uri);
  if (url.pathname === '' || url.pathname === '/') {
    url.pathname = `/${dbName}`;
  }
  return url.toString();
}

/** The embedded MongoDB-compatible server on a free local port, its data in `$DATA_DIR/mongo`. */
export async function startEmbeddedMongoIn(
  dataDir: string,
  logger: Logger,
): Promise<{ uri: string; stop(): Promise<void> }> {
  // loaded lazily: a deployment with MONGODB_URI never loads the embedded server's code
  const { startEmbeddedMongo } = await import('./embedded/index');
  return startEmbeddedMongo({
    dbPath: path.join(dataDir, 'mongo'),
    port: 0,
    host: '127.0.0.1',
    logger: logger.child({ component: 'embedded-mongo' }),
  });
}

export async function startMongo(
  options: { uri: string | null; dbName: string; dataDir: string },
  logger: Logger,
): Promise<MongoHandle> {
  let uri = options.uri;
  let stopEmbedded: (() => Promise<void>) | null = null;
  if (!uri) {
    const server = await startEmbeddedMongoIn(options.dataDir, logger);
    uri = server.uri;
    stopEmbedded = () => server.stop();
  }
  const fullUri = withDatabase(uri, options.dbName);
  const connection = mongoose.createConnection(fullUri, {
    serverSelectionTimeoutMS: 10_000,
    autoIndex: true,
  });
  await connection.asPromise();
  // after the first connection: a failed start is the caller's error, not a metric. A server that
  // stops answering fails the driver's heartbeats (every `heartbeatFrequencyMS`, 10 s by default),
  // each counted until it answers again.
  let closing = false;
  connection.getClient().on('serverHeartbeatFailed', (event: { failure: Error }) => {
    if (!closing) {
      recordDependencyError('mongodb', 'connection');
      logger.warn({ err: event.failure }, 'MongoDB heartbeat failed');
    }
  });
  connection.on('error', (error: unknown) => {
    recordDependencyError('mongodb', 'connection');
    logger.warn({ err: error }, 'MongoDB connection error');
  });
  logger.info({ embedded: stopEmbedded !== null, db: connection.name }, 'connected to MongoDB');
  return {
    uri: fullUri,
    connection,
    embedded: stopEmbedded !== null,
    async stop() {
      closing = true;
      await connection.close();
      await stopEmbedded?.();
    },
  };
}
