/** Index management commands: createIndexes, listIndexes, dropIndexes. */
import { valueKey } from '../bson';
import { ErrorCodes, MongoCommandError } from '../errors';
import { isPlainObject, type Document } from '../types';
import { collectionArg, optArray, optDocument, optNumber, type CommandContext } from './context';

export function createIndexes(ctx: CommandContext): Document {
  const name = collectionArg(ctx);
  const specs = optArray(ctx.command, 'indexes');
  if (!specs || specs.length === 0) {
    throw new MongoCommandError(ErrorCodes.BadValue, 'Must specify at least one index to create');
  }
  const existed = ctx.engine.getCollection(ctx.db, name) !== undefined;
  const coll = ctx.engine.ensureCollection(ctx.db, name);
  const before = coll.indexSpecs().length;
  const created: string[] = [];
  try {
    for (const spec of specs) {
      if (!isPlainObject(spec)) {
        throw new MongoCommandError(ErrorCodes.TypeMismatch, 'index specification must be an object');
      }
      if (typeof spec['name'] !== 'string' || !spec['name']) {
        throw new MongoCommandError(
          ErrorCodes.FailedToParse,
          "Error in specification: the 'name' field is a required property of an index specification",
        );
      }
      if (coll.createIndex(spec)) {
        created.push(spec['name']);
      }
    }
  } catch (err) {
    // All-or-nothing, as mongod builds the requested indexes together.
    for (const n of created) {
      coll.dropIndex(n);
    }
    throw err;
  }
  const reply: Document = {
    numIndexesBefore: before,
    numIndexesAfter: coll.indexSpecs().length,
    createdCollectionAutomatically: !existed,
  };
  if (created.length === 0) {
    reply['note'] = 'all indexes already exist';
  }
  reply['ok'] = 1;
  return reply;
}

export function listIndexes(ctx: CommandContext): Document {
  const name = collectionArg(ctx);
  const coll = ctx.engine.getCollection(ctx.db, name);
  if (!coll) {
    throw new MongoCommandError(ErrorCodes.NamespaceNotFound, `ns does not exist: ${ctx.db}.${name}`);
  }
  const cursorOpt = optDocument(ctx.command, 'cursor');
  const batchSize = cursorOpt ? optNumber(cursorOpt, 'batchSize') : undefined;
  const docs = coll.indexSpecs().map((s) => ({ ...s }));
  return { cursor: ctx.cursors.open(`${ctx.db}.$cmd.listIndexes.${name}`, docs, batchSize, false, ctx), ok: 1 };
}

export function dropIndexes(ctx: CommandContext): Document {
  const name = collectionArg(ctx);
  const coll = ctx.engine.getCollection(ctx.db, name);
  if (!coll) {
    throw new MongoCommandError(ErrorCodes.NamespaceNotFound, `ns not found ${ctx.db}.${name}`);
  }
  const nIndexesWas = coll.indexSpecs().length;
  const target = ctx.command['index'];
  const names: string[] = [];
  if (target === '*') {
    names.push(...coll.indexes.keys());
  } else if (typeof target === 'string') {
    names.push(target);
  } else if (Array.isArray(target) && target.every((t) => typeof t === 'string')) {
    names.push(...target);
  } else if (isPlainObject(target)) {
    const key = valueKey(target);
    if (key === valueKey({ _id: 1 })) {
      throw new MongoCommandError(ErrorCodes.InvalidOptions, 'cannot drop _id index');
    }
    const matches = Array.from(coll.indexes.values()).filter((i) => valueKey(i.spec.key) === key);
    if (matches.length === 0) {
      throw new MongoCommandError(ErrorCodes.IndexNotFound, `can't find index with key: ${JSON.stringify(target)}`);
    }
    if (matches.length > 1) {
      throw new MongoCommandError(ErrorCodes.InvalidOptions, 'multiple indexes match the key pattern; drop by name');
    }
    names.push((matches[0] as { name: string }).name);
  } else {
    throw new MongoCommandError(ErrorCodes.TypeMismatch, "BSON field 'dropIndexes.index' is the wrong type");
  }
  for (const n of names) {
    if (n === '_id_') {
      throw new MongoCommandError(ErrorCodes.InvalidOptions, 'cannot drop _id index');
    }
    if (!coll.indexes.has(n)) {
      throw new MongoCommandError(ErrorCodes.IndexNotFound, `index not found with name [${n}]`);
    }
  }
  for (const n of names) {
    coll.dropIndex(n);
  }
  return { nIndexesWas, ok: 1 };
}
