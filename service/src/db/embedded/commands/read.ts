/** Read commands: find, getMore, killCursors, count, distinct. */
import { valueKey } from '../bson';
import { ErrorCodes, MongoCommandError } from '../errors';
import { pathValues } from '../indexes';
import { find as runFind, matching } from '../query';
import type { Document } from '../types';
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

const UNSUPPORTED_FIND_OPTIONS = ['min', 'max', 'returnKey', 'showRecordId', 'tailable', 'awaitData', 'oplogReplay'];

export function find(ctx: CommandContext): Document {
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
  const docs = runFind(coll, {
    filter: optDocument(cmd, 'filter') ?? {},
    sort: optDocument(cmd, 'sort'),
    projection: optDocument(cmd, 'projection'),
    skip,
    limit,
    ...queryEnv(ctx, cmd, coll),
  });
  // With a limit, the first batch never needs more than `limit` docs.
  const effectiveBatch = limit && limit > 0 && (batchSize === undefined || batchSize > limit) ? limit : batchSize;
  const cursor = ctx.cursors.open(`${ctx.db}.${name}`, docs, effectiveBatch, singleBatch, ctx.lsid);
  return { cursor, ok: 1 };
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

export function count(ctx: CommandContext): Document {
  const name = collectionArg(ctx);
  const cmd = ctx.command;
  const query = optDocument(cmd, 'query') ?? {};
  const skip = nonNegative('skip', optNumber(cmd, 'skip')) ?? 0;
  const limit = Math.abs(optNumber(cmd, 'limit') ?? 0);
  const coll = ctx.engine.getCollection(ctx.db, name);
  let n: number;
  if (Object.keys(query).length === 0) {
    n = coll?.docs.size ?? 0;
  } else {
    n = matching(coll, query, 0, queryEnv(ctx, cmd, coll)).length;
  }
  n = Math.max(0, n - skip);
  if (limit > 0) {
    n = Math.min(n, limit);
  }
  return { n, ok: 1 };
}

export function distinct(ctx: CommandContext): Document {
  const name = collectionArg(ctx);
  const key = ctx.command['key'];
  if (typeof key !== 'string') {
    throw typeError('key', 'string');
  }
  const coll = ctx.engine.getCollection(ctx.db, name);
  const docs = matching(coll, optDocument(ctx.command, 'query') ?? {}, 0, queryEnv(ctx, ctx.command, coll));
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
