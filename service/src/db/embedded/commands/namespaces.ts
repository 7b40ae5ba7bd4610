/** Database and collection level commands. */
import { calculateObjectSize } from 'bson';
import { ErrorCodes, MongoCommandError } from '../errors';
import { expandCollation, normalizeCollation } from '../collation';
import { compileFilter } from '../filter';
import { compileValidator } from '../validation';
import type { Collection } from '../storage/collection';
import type { Document } from '../types';
import { collectionArg, optBool, optDocument, optNumber, type CommandContext } from './context';

/** create options for features the embedded server does not have, with what to say. */
const REFUSED_CREATE_OPTIONS: Record<string, string> = {
  capped: 'capped collections are not supported by the embedded server',
  timeseries: 'time-series collections are not supported by the embedded server',
  clusteredIndex: 'clustered collections are not supported by the embedded server',
  expireAfterSeconds:
    'collection-level expireAfterSeconds (time-series / clustered collections) is not supported by the embedded server; use a TTL index',
  viewOn: 'views are not supported by the embedded server',
  pipeline: 'views are not supported by the embedded server',
  encryptedFields: 'queryable encryption is not supported by the embedded server',
  changeStreamPreAndPostImages: 'change streams are not supported by the embedded server',
};
const PASSTHROUGH = new Set([
  'create',
  'writeConcern',
  'lsid',
  '$db',
  '$clusterTime',
  '$readPreference',
  'comment',
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
  'txnNumber',
  'autocommit',
  'startTransaction',
]);

function adminOnly(ctx: CommandContext): void {
  if (ctx.db !== 'admin') {
    throw new MongoCommandError(13, `${ctx.commandName} may only be run against the admin database.`, {
      codeName: 'Unauthorized',
    });
  }
}

function dataSize(coll: Collection): number {
  let size = 0;
  for (const { doc } of coll.records.values()) {
    size += calculateObjectSize(doc);
  }
  return size;
}

export function listDatabases(ctx: CommandContext): Document {
  adminOnly(ctx);
  const nameOnly = optBool(ctx.command, 'nameOnly', false);
  const filter = optDocument(ctx.command, 'filter');
  let databases: Document[] = Array.from(ctx.engine.databases.entries(), ([name, colls]) => {
    if (nameOnly) {
      return { name };
    }
    let size = 0;
    for (const c of colls.values()) {
      size += dataSize(c);
    }
    return { name, sizeOnDisk: size, empty: size === 0 };
  });
  if (filter) {
    const q = compileFilter(filter);
    databases = databases.filter((d) => q.test(d));
  }
  if (nameOnly) {
    return { databases, ok: 1 };
  }
  const totalSize = databases.reduce((s, d) => s + (d['sizeOnDisk'] as number), 0);
  return { databases, totalSize, totalSizeMb: Math.floor(totalSize / (1024 * 1024)), ok: 1 };
}

export function listCollections(ctx: CommandContext): Document {
  const filter = optDocument(ctx.command, 'filter');
  const nameOnly = optBool(ctx.command, 'nameOnly', false);
  const cursorOpt = optDocument(ctx.command, 'cursor');
  const batchSize = cursorOpt ? optNumber(cursorOpt, 'batchSize') : undefined;
  const colls = ctx.engine.databases.get(ctx.db);
  let entries: Document[] = colls
    ? Array.from(colls.values(), (c) => ({
        name: c.name,
        type: 'collection',
        options: c.options,
        info: { readOnly: false },
        idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
      }))
    : [];
  if (filter) {
    const q = compileFilter(filter);
    entries = entries.filter((e) => q.test(e));
  }
  if (nameOnly) {
    entries = entries.map((e) => ({ name: e['name'], type: e['type'] }));
  }
  return { cursor: ctx.cursors.open(`${ctx.db}.$cmd.listCollections`, entries, batchSize, false, ctx), ok: 1 };
}

export function create(ctx: CommandContext): Document {
  const name = collectionArg(ctx);
  for (const [opt, message] of Object.entries(REFUSED_CREATE_OPTIONS)) {
    if (ctx.command[opt] !== undefined && ctx.command[opt] !== false) {
      throw new MongoCommandError(ErrorCodes.NotImplemented, message);
    }
  }
  const options: Document = {};
  for (const [k, v] of Object.entries(ctx.command)) {
    if (!PASSTHROUGH.has(k)) {
      options[k] = v;
    }
  }
  if (options['collation'] !== undefined) {
    if (normalizeCollation(options['collation'])) {
      options['collation'] = expandCollation(options['collation'] as Document);
    } else {
      delete options['collation'];
    }
  }
  compileValidator(options); // refuse a bad validator now, as mongod does
  ctx.engine.createCollection(ctx.db, name, options);
  return { ok: 1 };
}

export function drop(ctx: CommandContext): Document {
  const name = collectionArg(ctx);
  const coll = ctx.engine.getCollection(ctx.db, name);
  // MongoDB 7 reports success when dropping a collection that does not exist.
  if (!coll) {
    return { ok: 1 };
  }
  const nIndexesWas = coll.indexSpecs().length;
  ctx.engine.dropCollection(ctx.db, name);
  return { nIndexesWas, ns: `${ctx.db}.${name}`, ok: 1 };
}

export function dropDatabase(ctx: CommandContext): Document {
  ctx.engine.dropDatabase(ctx.db);
  return { dropped: ctx.db, ok: 1 };
}

function splitNs(ns: unknown, field: string): [string, string] {
  if (typeof ns !== 'string' || !ns.includes('.')) {
    throw new MongoCommandError(
      ErrorCodes.InvalidNamespace,
      `Invalid namespace specified '${String(ns)}' for ${field}`,
    );
  }
  const dot = ns.indexOf('.');
  return [ns.slice(0, dot), ns.slice(dot + 1)];
}

export function renameCollection(ctx: CommandContext): Document {
  adminOnly(ctx);
  const [db, from] = splitNs(ctx.command['renameCollection'], 'renameCollection');
  const [toDb, to] = splitNs(ctx.command['to'], 'to');
  ctx.engine.renameCollection(db, from, toDb, to, optBool(ctx.command, 'dropTarget', false));
  return { ok: 1 };
}

export function collStats(ctx: CommandContext): Document {
  const name = collectionArg(ctx);
  const coll = ctx.engine.getCollection(ctx.db, name);
  if (!coll) {
    throw new MongoCommandError(ErrorCodes.NamespaceNotFound, `Collection [${ctx.db}.${name}] not found.`);
  }
  const size = dataSize(coll);
  const count = coll.records.size;
  const indexSizes: Document = {};
  for (const spec of coll.indexSpecs()) {
    indexSizes[spec.name] = 0;
  }
  return {
    ns: coll.ns,
    count,
    size,
    avgObjSize: count ? Math.floor(size / count) : 0,
    storageSize: size,
    nindexes: coll.indexSpecs().length,
    totalIndexSize: 0,
    indexSizes,
    capped: false,
    ok: 1,
  };
}

export function dbStats(ctx: CommandContext): Document {
  const colls = ctx.engine.databases.get(ctx.db);
  let objects = 0;
  let size = 0;
  let indexes = 0;
  for (const c of colls?.values() ?? []) {
    objects += c.records.size;
    size += dataSize(c);
    indexes += c.indexSpecs().length;
  }
  return {
    db: ctx.db,
    collections: colls?.size ?? 0,
    views: 0,
    objects,
    avgObjSize: objects ? size / objects : 0,
    dataSize: size,
    storageSize: size,
    indexes,
    indexSize: 0,
    totalSize: size,
    scaleFactor: 1,
    ok: 1,
  };
}
