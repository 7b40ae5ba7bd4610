/**
 * Embedded MongoDB-wire-compatible server.
 *
 *   const server = await startEmbeddedMongo({ dbPath: './data/db' });
 *   // server.uri → mongodb://127.0.0.1:<port>/
 *   await server.stop();
 *
 * Data lives in memory and is made durable through an fsync'd, group-committed
 * journal plus periodic snapshots in `dbPath` (omit `dbPath` for a purely
 * in-memory server).
 */
import path from 'node:path';
import { CursorManager } from './cursors';
import { WireServer } from './server';
import { Engine } from './storage/engine';
import type { JournalFiles } from './storage/files';
import { Journal } from './storage/journal';
import { acquireLock, type DirLock } from './storage/lock';
import { TtlMonitor } from './ttl';
import { silentLogger, type EmbeddedLogger } from './types';
import type { ServerInfo } from './commands/context';

export type { Document, EmbeddedLogger } from './types';
export { DbPathLockedError } from './storage/lock';
export { nodeJournalFiles, type JournalFiles } from './storage/files';

export const SERVER_VERSION = '7.0.0';
export const MAX_WIRE_VERSION = 21;

export interface EmbeddedMongoOptions {
  /** Data directory; omit for an in-memory server that forgets everything on stop. */
  dbPath?: string | undefined;
  /** TCP port; 0 (default) picks a free port. */
  port?: number | undefined;
  /** Interface to bind; default 127.0.0.1. */
  host?: string | undefined;
  logger?: EmbeddedLogger | undefined;
  /** fdatasync every group commit (default true). */
  fsync?: boolean | undefined;
  /** Compact the journal into a snapshot once it exceeds this size (default 64 MiB). */
  compactThresholdBytes?: number | undefined;
  /** Write a snapshot on clean stop so the next start replays nothing (default true). */
  compactOnStop?: boolean | undefined;
  /** How often expired TTL documents are removed (default 10 s; mongod uses 60 s). */
  ttlIntervalMs?: number | undefined;
  /** Idle cursors are closed after this long (default 10 min, like mongod). */
  cursorTimeoutMs?: number | undefined;
  /** The journal's file operations (default: node's fs). Tests inject faults and record their order here. */
  journalFiles?: JournalFiles | undefined;
}

export interface EmbeddedMongoServer {
  readonly uri: string;
  readonly port: number;
  readonly host: string;
  readonly dbPath: string | undefined;
  /** Flush, close connections and release the data directory. */
  stop(): Promise<void>;
  /** Run one TTL sweep now; returns the number of deleted documents (for tests/tools). */
  sweepTtl(): Promise<number>;
  /** Compact the journal into a snapshot now (no-op in memory). */
  compact(): Promise<void>;
}

export async function startEmbeddedMongo(options: EmbeddedMongoOptions = {}): Promise<EmbeddedMongoServer> {
  const logger = options.logger ?? silentLogger;
  const host = options.host ?? '127.0.0.1';
  const dbPath = options.dbPath !== undefined ? path.resolve(options.dbPath) : undefined;
  const engine = new Engine();
  let lock: DirLock | undefined;
  let journal: Journal | undefined;
  if (dbPath !== undefined) {
    lock = await acquireLock(dbPath, logger);
    try {
      const started = Date.now();
      const opened = await Journal.open(
        {
          dir: dbPath,
          fsync: options.fsync ?? true,
          compactThresholdBytes: options.compactThresholdBytes ?? 64 * 1024 * 1024,
          logger,
          files: options.journalFiles,
        },
        engine,
      );
      journal = opened.journal;
      engine.attachJournal(journal);
      logger.info({ dbPath, ...opened.stats, ms: Date.now() - started }, 'embedded mongo recovered data directory');
    } catch (err) {
      await lock.release();
      throw err;
    }
  }
  const cursors = new CursorManager(options.cursorTimeoutMs ?? 10 * 60_000);
  const ttl = new TtlMonitor(engine, logger, options.ttlIntervalMs ?? 10_000);
  const params = engine.parameters;
  params.set({
    ttlMonitorSleepSecs: (options.ttlIntervalMs ?? 10_000) / 1000,
    cursorTimeoutMillis: options.cursorTimeoutMs ?? 10 * 60_000,
  });
  const rescheduleTtl = (): void =>
    ttl.reschedule(Number(params.get('ttlMonitorSleepSecs')) * 1000, params.get('ttlMonitorEnabled') === true);
  params.onChange('ttlMonitorSleepSecs', rescheduleTtl);
  params.onChange('ttlMonitorEnabled', rescheduleTtl);
  params.onChange('cursorTimeoutMillis', (ms) => cursors.setTimeout(Number(ms)));
  let port = options.port ?? 0;
  const info: ServerInfo = {
    host,
    get port() {
      return port;
    },
    startedAt: new Date(),
    dbPath,
    version: SERVER_VERSION,
    maxWireVersion: MAX_WIRE_VERSION,
  };
  const wire = new WireServer({ engine, cursors, logger, info: () => info });
  try {
    port = await wire.listen(port, host);
  } catch (err) {
    ttl.stop();
    cursors.close();
    await journal?.close({ compact: false });
    await lock?.release();
    throw err;
  }
  const uriHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  logger.info({ host, port, dbPath }, `embedded mongo listening on ${host}:${port}`);
  let stopped: Promise<void> | undefined;
  return {
    uri: `mongodb://${uriHost}:${port}/`,
    port,
    host,
    dbPath,
    stop() {
      stopped ??= (async () => {
        ttl.stop();
        await wire.close();
        cursors.close();
        await engine.commit().catch(() => undefined);
        await journal?.close({ compact: options.compactOnStop ?? true });
        await lock?.release();
        logger.info({ port }, 'embedded mongo stopped');
      })();
      return stopped;
    },
    sweepTtl: () => ttl.sweep(),
    compact: async () => {
      await journal?.compact();
    },
  };
}
