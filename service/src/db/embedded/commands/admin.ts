/** Handshake and administrative commands (hello, buildInfo, serverStatus, sessions…). */
import { UUID } from 'bson';
import os from 'node:os';
import { ErrorCodes, MongoCommandError } from '../errors';
import { MAX_BSON_SIZE, MAX_MESSAGE_SIZE } from '../wire';
import { toText, type Document } from '../types';
import { notSupported } from '../unsupported';
import { optArray, type CommandContext } from './context';

export const MAX_WRITE_BATCH_SIZE = 100_000;

/** hello / isMaster: a standalone, writable server (no setName, no topologyVersion so drivers poll). */
export function hello(ctx: CommandContext): Document {
  const legacy = ctx.commandName !== 'hello';
  const reply: Document = {};
  if (ctx.command['helloOk'] === true) {
    reply['helloOk'] = true;
  }
  if (legacy) {
    reply['ismaster'] = true;
  } else {
    reply['isWritablePrimary'] = true;
  }
  Object.assign(reply, {
    maxBsonObjectSize: MAX_BSON_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE,
    maxWriteBatchSize: MAX_WRITE_BATCH_SIZE,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connectionId,
    minWireVersion: 0,
    maxWireVersion: ctx.server.maxWireVersion,
    readOnly: false,
    ok: 1,
  });
  return reply;
}

export function ping(): Document {
  return { ok: 1 };
}

export function buildInfo(ctx: CommandContext): Document {
  const parts = ctx.server.version.split('.').map(Number);
  return {
    version: ctx.server.version,
    gitVersion: 'aurastream-embedded',
    versionArray: [...parts, 0].slice(0, 4),
    bits: 64,
    debug: false,
    maxBsonObjectSize: MAX_BSON_SIZE,
    storageEngines: ['embedded'],
    javascriptEngine: 'none',
    modules: [],
    openssl: { running: 'disabled' },
    buildEnvironment: {},
    ok: 1,
  };
}

export function getParameter(ctx: CommandContext): Document {
  return ctx.engine.parameters.report(ctx.command, {
    featureCompatibilityVersion: { version: ctx.server.version.split('.').slice(0, 2).join('.') },
    authenticationMechanisms: [],
  });
}

export function setParameter(ctx: CommandContext): Document {
  if (ctx.db !== 'admin') {
    throw new MongoCommandError(13, 'setParameter may only be run against the admin database.', {
      codeName: 'Unauthorized',
    });
  }
  return ctx.engine.parameters.set(ctx.command);
}

export function serverStatus(ctx: CommandContext): Document {
  const uptimeMillis = Date.now() - ctx.server.startedAt.getTime();
  const cpu = process.cpuUsage();
  return {
    host: `${os.hostname()}:${ctx.server.port}`,
    version: ctx.server.version,
    process: 'mongod',
    pid: process.pid,
    uptime: Math.floor(uptimeMillis / 1000),
    uptimeMillis,
    localTime: new Date(),
    connections: { current: ctx.connectionId > 0 ? 1 : 0, available: 1000 },
    storageEngine: { name: 'embedded', supportsCommittedReads: false, persistent: ctx.server.dbPath !== undefined },
    // Same fields mongod reports on Linux; the benchmark uses them for CPU per operation.
    extra_info: { note: 'fields vary by platform', user_time_us: cpu.user, system_time_us: cpu.system },
    mem: { bits: 64, resident: Math.round(process.memoryUsage().rss / (1024 * 1024)), supported: true },
    metrics: {
      queryExecutor: {
        scanned: ctx.engine.metrics.scanned,
        scannedObjects: ctx.engine.metrics.scannedObjects,
        collectionScans: { total: ctx.engine.metrics.collectionScans, nonTailable: ctx.engine.metrics.collectionScans },
      },
    },
    ok: 1,
  };
}

export function connectionStatus(): Document {
  return { authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 };
}

export function whatsmyuri(ctx: CommandContext): Document {
  return { you: ctx.clientAddress, ok: 1 };
}

export function getLog(ctx: CommandContext): Document {
  if (ctx.command['getLog'] === '*') {
    return { names: ['global', 'startupWarnings'], ok: 1 };
  }
  return { totalLinesWritten: 0, log: [], ok: 1 };
}

export function hostInfo(): Document {
  return {
    system: {
      currentTime: new Date(),
      hostname: os.hostname(),
      cpuAddrSize: 64,
      memSizeMB: Math.floor(os.totalmem() / (1024 * 1024)),
      numCores: os.cpus().length,
      cpuArch: os.arch(),
    },
    os: { type: os.type(), name: os.platform(), version: os.release() },
    extra: {},
    ok: 1,
  };
}

export function getCmdLineOpts(ctx: CommandContext): Document {
  return {
    argv: process.argv,
    parsed: { net: { port: ctx.server.port }, storage: { dbPath: ctx.server.dbPath ?? '' } },
    ok: 1,
  };
}

export function startSession(): Document {
  return { id: { id: new UUID() }, timeoutMinutes: 30, ok: 1 };
}

/** endSessions / killSessions: sessions hold nothing here except cursors. */
export function endSessions(ctx: CommandContext): Document {
  const sessions = optArray(ctx.command, ctx.commandName) ?? [];
  for (const s of sessions) {
    const id = (s as { id?: unknown } | null)?.id;
    if (id !== undefined) {
      ctx.cursors.killSession(toText(id));
    }
  }
  return { ok: 1 };
}

export function okCommand(): Document {
  return { ok: 1 };
}

export async function fsync(ctx: CommandContext): Promise<Document> {
  await ctx.engine.commit();
  return { numFiles: 1, ok: 1 };
}

export function listSearchIndexes(): Document {
  throw new MongoCommandError(
    31082,
    'Using Atlas Search Database Commands and the $listSearchIndexes aggregation stage requires additional configuration.',
    { codeName: 'SearchNotEnabled' },
  );
}

/** Commands for features the embedded server does not have (see unsupported.ts). */
export function mapReduce(): Document {
  throw notSupported('JavaScript map-reduce jobs (mapReduce)');
}

export function cappedUnsupported(): Document {
  throw notSupported('capped collections');
}

export function transactionsUnsupported(): Document {
  throw new MongoCommandError(
    ErrorCodes.IllegalOperation,
    'Transaction numbers are only allowed on a replica set member or mongos',
  );
}
