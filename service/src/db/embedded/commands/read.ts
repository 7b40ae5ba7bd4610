/** Read commands: find, getMore, killCursors, count, distinct. */
import { valueKey } from '../bson';
import { ErrorCodes, MongoCommandError } from '../errors';
import { pathValues } from '../indexes';
import { runQuery, type QueryRequest } from '../query';
import type { Collection } from '../storage/collection';
import type { Document } from '../types';
import { storedBatchReply } from '../wire';
import {
  collectionArg,
  nonNegative,
  optArray,
  optBool,
  optDocument,
  optNumber,
  queryEnv,
  typeError,
  type CommandContext,
} from './context';
import { openFirstBatch, pointFindCursor, pointFindCursorDocument, pointFindOf } from './point-find';

const UNSUPPORTED_FIND_OPTIONS = ['min', 'max', 'returnKey', 'showRecordId', 'tailable', 'awaitData', 'oplogReplay'];

/** The collection and query a command reads, shared by the command and its explain. */
export interface ReadTarget {
  ns: string;
  coll: Collection | undefined;
  req: QueryRequest;
}

export function findTarget(ctx: CommandContext): ReadTarget & { singleBatch: boolean; batchSize: number | undefined } {
  const name = collectionArg(ctx);
  const cmd = ctx.command;
  for (const opt of UNSUPPORTED_FIND_OPTIONS) {
    if (cmd[opt] !== undefined && cmd[opt] !== false) {
      throw new MongoCommandError(
        ErrorCodes.NotImplemented,
        `find option '${opt}' is not supported by the embedded server`,
      );
    }
  }
  let limit = optNumber(cmd, 'limit');
  let singleBatch = optBool(cmd, 'singleBatch', false);
  // Legacy negative limit: return at most |limit| documents in one batch, then close.
  if (limit !== undefined && limit < 0) {
    limit = -limit;
    singleBatch = true;
  }
  const skip = nonNegative('skip', optNumber(cmd, 'skip'));
  const batchSize = nonNegative('batchSize', optNumber(cmd, 'batchSize'));
  const coll = ctx.engine.getCollection(ctx.db, name);
  const req: QueryRequest = {
    filter: optDocument(cmd, 'filter') ?? {},
    sort: optDocument(cmd, 'sort'),
    projection: optDocument(cmd, 'projection'),
    skip,
    limit,
    hint: cmd['hint'],
    ...queryEnv(ctx, cmd, coll),
  };
  return { ns: `${ctx.db}.${name}`, coll, req, singleBatch, batchSize };
}

export function find(ctx: CommandContext): Document {
  const point = pointFindOf(ctx.command);
  const found = point && pointFindCursor(ctx, ctx.db, point, ctx);
  if (found) {
    // The documents go out as stored: the reply reuses their encodings.
    return storedBatchReply(pointFindCursorDocument(found), found.firstBatch);
  }
  const { ns, coll, req, singleBatch, batchSize } = findTarget(ctx);
  const docs = runQuery(coll, req).docs;
  return { cursor: openFirstBatch(ctx.cursors, ns, docs, req.limit, batchSize, singleBatch, ctx), ok: 1 };
}

export function getMore(ctx: CommandContext): Document {
  const cmd = ctx.command;
  const coll = cmd['collection'];
  if (typeof coll !== 'string') {
    throw typeError('collection', 'string');
  }
  const batchSize = nonNegative('batchSize', optNumber(cmd, 'batchSize'));
  const cursor = ctx.cursors.getMore(cmd['getMore'], `${ctx.db}.${coll}`, batchSize);
  return { cursor, ok: 1 };
}

export function killCursors(ctx: CommandContext): Document {
  collectionArg(ctx);
  const ids = optArray(ctx.command, 'cursors') ?? [];
  const { killed, notFound } = ctx.cursors.kill(ids);
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
}

export function countTarget(ctx: CommandContext): ReadTarget {
  const name = collectionArg(ctx);
  const cmd = ctx.command;
  const coll = ctx.engine.getCollection(ctx.db, name);
  const req: QueryRequest = {
    filter: optDocument(cmd, 'query') ?? {},
    skip: nonNegative('skip', optNumber(cmd, 'skip')),
    limit: Math.abs(optNumber(cmd, 'limit') ?? 0),
    hint: cmd['hint'],
    ...queryEnv(ctx, cmd, coll),
  };
  return { ns: `${ctx.db}.${name}`, coll, req };
}

export function count(ctx: CommandContext): Document {
  const { coll, req } = countTarget(ctx);
  if (Object.keys(req.filter).length === 0 && req.hint === undefined) {
    // Answered from the collection's size, like mongod's fast count.
    const skip = req.skip ?? 0;
    const n = Math.max(0, (coll?.records.size ?? 0) - skip);
    return { n: req.limit ? Math.min(n, req.limit) : n, ok: 1 };
  }
  return { n: runQuery(coll, req).docs.length, ok: 1 };
}

export function distinct(ctx: CommandContext): Document {
  const name = collectionArg(ctx);
  const key = ctx.command['key'];
  if (typeof key !== 'string') {
    throw typeError('key', 'string');
  }
  const coll = ctx.engine.getCollection(ctx.db, name);
  const docs = runQuery(coll, {
    filter: optDocument(ctx.command, 'query') ?? {},
    ...queryEnv(ctx, ctx.command, coll),
  }).docs;
  const seen = new Set<string>();
  const values: unknown[] = [];
  const parts = key.split('.');
  for (const doc of docs) {
    for (const v of pathValues(doc, parts)) {
      if (v === undefined) {
        continue;
      }
      const k = valueKey(v);
      if (seen.has(k)) {
        continue;
      }
      seen.add(k);
      values.push(v);
    }
  }
  return { values, ok: 1 };
}
