/**
 * The aggregate command. mingo runs the pipeline; a leading `$match` is answered
 * through our indexes first, and `$lookup`/`$unionWith`/`$graphLookup` resolve
 * other collections of the same database.
 */
import { Aggregator } from 'mingo/aggregator';
import { ProcessingMode } from 'mingo/core';
import type { Options } from 'mingo/types';
import { cloneDoc } from '../bson';
import { ErrorCodes, MongoCommandError } from '../errors';
import { changeStreamsUnsupported, notSupported, refuseUnsupportedOperators } from '../unsupported';
import { listSearchIndexes } from './admin';
import { applyMerge, applyOut } from './aggregate-out';
import { FULL_OPTIONS } from '../mingo-context';
import { runQuery, type QueryRequest } from '../query';
import type { Collection } from '../storage/collection';
import { isPlainObject, type Document } from '../types';
import { nonNegative, optArray, optCollation, optDocument, optNumber, queryEnv, type CommandContext } from './context';

const MINGO_STAGES = new Set([
  '$addFields',
  '$bucket',
  '$bucketAuto',
  '$count',
  '$densify',
  '$facet',
  '$fill',
  '$graphLookup',
  '$group',
  '$limit',
  '$lookup',
  '$match',
  '$project',
  '$redact',
  '$replaceRoot',
  '$replaceWith',
  '$sample',
  '$set',
  '$setWindowFields',
  '$skip',
  '$sort',
  '$sortByCount',
  '$unionWith',
  '$unset',
  '$unwind',
  '$documents',
]);
const REFUSED_STAGES = new Set(['$changeStream', '$changeStreamSplitLargeEvent']);
const WRITE_STAGES = new Set(['$out', '$merge']);
/** Atlas Search stages: a community mongod answers these with SearchNotEnabled. */
const SEARCH_STAGES = new Set(['$search', '$searchMeta', '$vectorSearch', '$listSearchIndexes']);
/** Stages that never mutate their input documents, so inputs need no defensive copy. */
const NON_MUTATING = new Set([
  '$match',
  '$sort',
  '$limit',
  '$skip',
  '$count',
  '$group',
  '$sortByCount',
  '$lookup',
  '$facet',
]);

function stageName(stage: unknown, i: number): string {
  if (!isPlainObject(stage)) {
    throw new MongoCommandError(
      ErrorCodes.TypeMismatch,
      `Each element of the 'pipeline' array must be an object (element ${i})`,
    );
  }
  const keys = Object.keys(stage);
  if (keys.length !== 1) {
    throw new MongoCommandError(40323, 'A pipeline stage specification object must contain exactly one field.', {
      codeName: 'Location40323',
    });
  }
  return keys[0] as string;
}

/**
 * The query an aggregate on a collection starts with: its leading `$match`, and a
 * `$sort` (with the `$limit` after it) right behind, run by the query layer so
 * they can use indexes, as mongod pushes them down; `rest` is what mingo runs.
 */
export function aggregateTarget(
  ctx: CommandContext,
  pipeline = (optArray(ctx.command, 'pipeline') ?? []) as Document[],
): { ns: string; coll: Collection | undefined; req: QueryRequest; rest: Document[] } {
  const target = ctx.command['aggregate'];
  if (typeof target !== 'string' || !target) {
    throw new MongoCommandError(ErrorCodes.InvalidNamespace, 'aggregate target must be a collection name');
  }
  const coll = ctx.engine.getCollection(ctx.db, target);
  const req: QueryRequest = { filter: {}, hint: ctx.command['hint'], ...queryEnv(ctx, ctx.command, coll) };
  let i = 0;
  const first = pipeline[0];
  if (first && isPlainObject(first['$match'])) {
    req.filter = first['$match'];
    i++;
  }
  const sort = pipeline[i];
  if (sort && isPlainObject(sort['$sort'])) {
    req.sort = sort['$sort'];
    i++;
    const limit = pipeline[i]?.['$limit'];
    if (typeof limit === 'number' && limit > 0) {
      req.limit = limit;
      i++;
    }
  }
  return { ns: `${ctx.db}.${target}`, coll, req, rest: pipeline.slice(i) };
}

export function aggregate(ctx: CommandContext): Document {
  const cmd = ctx.command;
  const target = cmd['aggregate'];
  const pipeline = optArray(cmd, 'pipeline');
  if (!pipeline) {
    throw new MongoCommandError(
      ErrorCodes.FailedToParse,
      "BSON field 'aggregate.pipeline' is missing but a required field",
    );
  }
  const cursorOpt = optDocument(cmd, 'cursor');
  if (!cursorOpt) {
    throw new MongoCommandError(
      ErrorCodes.FailedToParse,
      "The 'cursor' option is required, except for aggregate with the explain argument",
    );
  }
  const batchSize = nonNegative('cursor.batchSize', optNumber(cursorOpt, 'batchSize'));
  const names = pipeline.map(stageName);
  refuseUnsupportedOperators(pipeline);
  names.forEach((name, i) => {
    if (SEARCH_STAGES.has(name)) {
      listSearchIndexes();
    }
    if (WRITE_STAGES.has(name)) {
      if (i !== names.length - 1) {
        throw new MongoCommandError(40601, `${name} can only be the final stage in the pipeline`, {
          codeName: 'Location40601',
        });
      }
      return;
    }
    if (REFUSED_STAGES.has(name)) {
      throw changeStreamsUnsupported();
    }
    if (name === '$geoNear') {
      throw notSupported('geospatial queries ($geoNear)');
    }
    if (!MINGO_STAGES.has(name)) {
      throw new MongoCommandError(ErrorCodes.Location40324, `Unrecognized pipeline stage name: '${name}'`);
    }
    if (name === '$documents' && (i !== 0 || target !== 1)) {
      throw new MongoCommandError(
        ErrorCodes.FailedToParse,
        '$documents is only valid as the first stage of a collection-less aggregate',
      );
    }
  });

  let input: Document[];
  let stages = pipeline as Document[];
  const last = names[names.length - 1];
  const writeStage = last !== undefined && WRITE_STAGES.has(last) ? (stages[stages.length - 1] as Document) : undefined;
  if (writeStage) {
    stages = stages.slice(0, -1);
  }
  let ns: string;
  if (target === 1) {
    if (names[0] !== '$documents') {
      throw new MongoCommandError(
        ErrorCodes.InvalidNamespace,
        "{aggregate: 1} is not valid for '$match'; a collection is required.",
      );
    }
    input = [];
    ns = `${ctx.db}.$cmd.aggregate`;
  } else {
    const t = aggregateTarget(ctx, stages);
    ns = t.ns;
    input = runQuery(t.coll, t.req).docs;
    stages = t.rest;
  }

  const mutating = stages.some((s) => !NON_MUTATING.has(Object.keys(s)[0] as string));
  // Sub-pipelines ($lookup/$unionWith) run over the other collection's stored docs: copy them.
  const cloneForeign =
    stages.some((s) => {
      const body = Object.values(s)[0];
      return isPlainObject(body) && Array.isArray(body['pipeline']);
    }) ||
    names.includes('$unionWith') ||
    names.includes('$graphLookup');
  const collation = optCollation(cmd, target === 1 ? undefined : ctx.engine.getCollection(ctx.db, String(target)));
  const variables = optDocument(cmd, 'let');
  const options: Partial<Options> = {
    ...FULL_OPTIONS,
    processingMode: mutating ? ProcessingMode.CLONE_INPUT : ProcessingMode.CLONE_OFF,
    collectionResolver: (name: string) => {
      const c = ctx.engine.getCollection(ctx.db, name);
      if (!c) {
        return [];
      }
      const docs = Array.from(c.records.values(), (r) => r.doc);
      return cloneForeign ? docs.map((d) => cloneDoc(d)) : docs;
    },
    ...(collation ? { collation: collation as unknown as Options['collation'] } : {}),
    ...(variables ? { variables } : {}),
  };
  let results: Document[];
  try {
    results = stages.length ? new Aggregator(stages, options).run<Document>(input) : input;
  } catch (err) {
    if (err instanceof MongoCommandError) {
      throw err;
    }
    throw new MongoCommandError(ErrorCodes.BadValue, err instanceof Error ? err.message : String(err));
  }
  if (writeStage) {
    if ('$out' in writeStage) {
      applyOut(ctx, writeStage['$out'], results);
    } else {
      applyMerge(ctx, writeStage['$merge'], results);
    }
    return { cursor: ctx.cursors.open(ns, [], batchSize, false, ctx), ok: 1 };
  }
  return { cursor: ctx.cursors.open(ns, results, batchSize, false, ctx), ok: 1 };
}
