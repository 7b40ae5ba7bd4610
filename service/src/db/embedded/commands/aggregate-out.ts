/**
 * The writing aggregation stages, `$out` and `$merge`, applied to the results
 * mingo computed for the rest of the pipeline.
 */
import { ErrorCodes, MongoCommandError } from '../errors';
import { matching } from '../query';
import { Collection } from '../storage/collection';
import { isPlainObject, type Document } from '../types';
import type { CommandContext } from './context';
import { writeOptions } from './write';

function targetOf(ctx: CommandContext, spec: unknown, stage: string): { db: string; coll: string } {
  if (typeof spec === 'string' && spec) {
    return { db: ctx.db, coll: spec };
  }
  if (isPlainObject(spec) && typeof spec['coll'] === 'string') {
    return { db: typeof spec['db'] === 'string' ? spec['db'] : ctx.db, coll: spec['coll'] };
  }
  throw new MongoCommandError(ErrorCodes.FailedToParse, `${stage} target must be a collection name or {db, coll}`);
}

/**
 * `$out`: replace the target collection with the results, keeping its options and
 * indexes. The results are first loaded into a scratch copy so a duplicate key
 * leaves the target untouched, like mongod's temp-collection-and-rename.
 */
export function applyOut(ctx: CommandContext, spec: unknown, results: Document[]): void {
  const { db, coll } = targetOf(ctx, spec, '$out');
  const existing = ctx.engine.getCollection(db, coll);
  const specs = existing?.indexSpecs().filter((s) => s.name !== '_id_') ?? [];
  const scratch = new Collection(db, coll, {}, () => {});
  for (const s of specs) {
    scratch.createIndex(s);
  }
  for (const doc of results) {
    scratch.insert(Collection.prepareForInsert(doc));
  }
  const options = existing?.options ?? {};
  ctx.engine.dropCollection(db, coll);
  const target = ctx.engine.createCollection(db, coll, options);
  for (const s of specs) {
    target.createIndex(s);
  }
  for (const { doc } of scratch.records.values()) {
    target.insert(doc, 'insert', writeOptions(ctx));
  }
}

function fieldList(on: unknown): string[] {
  if (on === undefined) {
    return ['_id'];
  }
  if (typeof on === 'string') {
    return [on];
  }
  if (Array.isArray(on) && on.length > 0 && on.every((f) => typeof f === 'string')) {
    return on;
  }
  throw new MongoCommandError(ErrorCodes.FailedToParse, "$merge 'on' must be a field name or an array of field names");
}

/** `$merge` with whenMatched merge|replace|keepExisting|fail and whenNotMatched insert|discard|fail. */
export function applyMerge(ctx: CommandContext, spec: unknown, results: Document[]): void {
  const opts: Document = isPlainObject(spec) ? spec : { into: spec };
  const { db, coll } = targetOf(ctx, opts['into'], '$merge');
  const on = fieldList(opts['on']);
  const whenMatched = opts['whenMatched'] ?? 'merge';
  const whenNotMatched = opts['whenNotMatched'] ?? 'insert';
  if (typeof whenMatched !== 'string' || !['merge', 'replace', 'keepExisting', 'fail'].includes(whenMatched)) {
    throw new MongoCommandError(
      ErrorCodes.NotImplemented,
      '$merge whenMatched pipelines are not supported by the embedded server',
    );
  }
  if (typeof whenNotMatched !== 'string' || !['insert', 'discard', 'fail'].includes(whenNotMatched)) {
    throw new MongoCommandError(ErrorCodes.BadValue, `$merge whenNotMatched must be insert, discard or fail`);
  }
  const target = ctx.engine.ensureCollection(db, coll);
  for (const doc of results) {
    const filter: Document = {};
    for (const f of on) {
      if (!(f in doc) || Array.isArray(doc[f])) {
        throw new MongoCommandError(
          51132,
          `$merge write error: 'on' field '${f}' cannot be missing, null, undefined or an array`,
          {
            codeName: 'Location51132',
          },
        );
      }
      filter[f] = doc[f];
    }
    const match = matching(target, filter, 1)[0];
    if (!match) {
      if (whenNotMatched === 'insert') {
        target.insert(Collection.prepareForInsert({ ...doc }), 'insert', writeOptions(ctx));
      } else if (whenNotMatched === 'fail') {
        throw new MongoCommandError(13113, '$merge could not find a matching document in the target collection', {
          codeName: 'MergeStageNoMatchingDocument',
        });
      }
      continue;
    }
    if (whenMatched === 'keepExisting') {
      continue;
    }
    if (whenMatched === 'fail') {
      throw new Collection(db, coll, {}, () => {}).duplicateIdError(match['_id']);
    }
    const { _id: _ignored, ...rest } = doc;
    const next = whenMatched === 'replace' ? { _id: match['_id'], ...rest } : { ...match, ...rest, _id: match['_id'] };
    target.replace(match, next, writeOptions(ctx));
  }
}
