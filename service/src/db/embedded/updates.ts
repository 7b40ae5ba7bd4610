/**
 * Applying update specifications (operator documents, replacements and
 * aggregation-pipeline updates) via mingo's updater, and building the document
 * an upsert inserts from the query's equality conditions.
 */
import { update as mingoUpdate, updateOne as mingoUpdateOne } from 'mingo';
import type { Modifier, PipelineStage } from 'mingo/updater';
import { cloneDoc, formatValue, valueKey } from './bson';
import { ErrorCodes, MongoCommandError } from './errors';
import { MINGO_OPTIONS } from './query';
import { isPlainObject, type Document } from './types';

const OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$rename',
  '$min',
  '$max',
  '$currentDate',
  '$push',
  '$addToSet',
  '$pop',
  '$pull',
  '$pullAll',
  '$bit',
  '$setOnInsert',
]);

export type UpdateKind = 'replacement' | 'operators' | 'pipeline';

export function classifyUpdate(u: unknown): UpdateKind {
  if (Array.isArray(u)) {
    return 'pipeline';
  }
  if (!isPlainObject(u)) {
    throw new MongoCommandError(ErrorCodes.FailedToParse, 'Update argument must be either an object or an array');
  }
  const keys = Object.keys(u);
  const ops = keys.filter((k) => k.startsWith('$'));
  if (ops.length === 0) {
    return 'replacement';
  }
  if (ops.length !== keys.length) {
    const bad = keys.find((k) => !k.startsWith('$')) ?? '';
    throw new MongoCommandError(
      ErrorCodes.FailedToParse,
      `Unknown modifier: ${bad}. Expected a valid update modifier or pipeline-style update specified as an array`,
    );
  }
  for (const op of ops) {
    if (!OPERATORS.has(op)) {
      throw new MongoCommandError(
        ErrorCodes.FailedToParse,
        `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    if (!isPlainObject(u[op])) {
      throw new MongoCommandError(
        ErrorCodes.FailedToParse,
        `Modifiers operate on fields but we found type ${typeof u[op]} instead. For example: {$mod: {<field>: ...}} not {$set: ${formatValue(u[op])}}`,
      );
    }
  }
  return 'operators';
}

export interface UpdateResult {
  doc: Document;
  modified: boolean;
}

function checkIdUnchanged(before: Document, after: Document): void {
  if (!('_id' in after) || valueKey(before['_id']) !== valueKey(after['_id'])) {
    throw new MongoCommandError(
      ErrorCodes.ImmutableField,
      `Performing an update on the path '_id' would modify the immutable field '_id'`,
    );
  }
}

function wrapMingo<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof MongoCommandError) {
      throw err;
    }
    const message = err instanceof Error ? err.message : String(err);
    // mingo guards _id itself; report it with mongod's code.
    if (message.includes("immutable field '_id'")) {
      throw new MongoCommandError(ErrorCodes.ImmutableField, message);
    }
    throw new MongoCommandError(ErrorCodes.BadValue, message);
  }
}

/** Put `_id` first, as mongod does for every stored document. */
function idFirst(doc: Document): Document {
  const keys = Object.keys(doc);
  if (keys[0] === '_id' || !('_id' in doc)) {
    return doc;
  }
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}

/**
 * Compute the new version of `old` (never mutated). `isInsert` applies
 * `$setOnInsert`; `filter` lets the positional `$` operator find its element.
 */
export function applyUpdate(
  old: Document,
  spec: unknown,
  opts: { arrayFilters?: Document[] | undefined; filter?: Document | undefined; isInsert: boolean },
): UpdateResult {
  const kind = classifyUpdate(spec);
  if (kind === 'replacement') {
    const replacement = spec as Document;
    for (const k of Object.keys(replacement)) {
      if (k.startsWith('$')) {
        throw new MongoCommandError(
          ErrorCodes.BadValue,
          `The dollar ($) prefixed field '${k}' is not allowed in a replacement document`,
        );
      }
    }
    const next: Document = { _id: old['_id'], ...cloneDoc(replacement) };
    if ('_id' in replacement) {
      if ('_id' in old && valueKey(old['_id']) !== valueKey(replacement['_id'])) {
        throw new MongoCommandError(
          ErrorCodes.ImmutableField,
          `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatValue(replacement['_id'])}`,
        );
      }
    }
    if (!('_id' in old) && !('_id' in replacement)) {
      delete next['_id'];
    }
    return { doc: next, modified: valueKey(next) !== valueKey(old) };
  }
  if (kind === 'pipeline') {
    const docs = [cloneDoc(old)];
    const res = wrapMingo(() => mingoUpdateOne(docs, {}, spec as PipelineStage[], {}, MINGO_OPTIONS));
    const next = idFirst(docs[0] as Document);
    if ('_id' in old) {
      checkIdUnchanged(old, next);
    }
    return { doc: next, modified: res.modifiedCount > 0 };
  }
  const { $setOnInsert, ...ops } = spec as Document;
  if (opts.isInsert && isPlainObject($setOnInsert)) {
    const set = isPlainObject(ops['$set']) ? ops['$set'] : {};
    for (const k of Object.keys($setOnInsert)) {
      if (k in set) {
        throw new MongoCommandError(
          ErrorCodes.ConflictingUpdateOperators,
          `Updating the path '${k}' would create a conflict at '${k}'`,
        );
      }
    }
    ops['$set'] = { ...set, ...$setOnInsert };
  }
  // mingo refuses any write to _id; MongoDB allows `$set: {_id}` when it inserts (upsert) or
  // when the value is unchanged, so take the _id assignment out and handle it here.
  let idValue: { v: unknown } | undefined;
  const set = ops['$set'];
  if (isPlainObject(set) && '_id' in set) {
    const { _id, ...rest } = set;
    idValue = { v: _id };
    ops['$set'] = rest;
  }
  let next = cloneDoc(old);
  let modified = false;
  if (Object.keys(ops).length > 0) {
    const arrayFilters = opts.arrayFilters ?? [];
    const condition = opts.isInsert ? {} : (opts.filter ?? {});
    const fields = wrapMingo(() =>
      mingoUpdate(next, ops as Modifier<Document>, arrayFilters, condition, {
        cloneMode: 'copy',
        queryOptions: MINGO_OPTIONS,
      }),
    );
    modified = fields.length > 0;
  }
  if (idValue) {
    if ('_id' in old && valueKey(old['_id']) !== valueKey(idValue.v)) {
      throw new MongoCommandError(
        ErrorCodes.ImmutableField,
        `Performing an update on the path '_id' would modify the immutable field '_id'`,
      );
    }
    if (!('_id' in old)) {
      const { _id: _ignored, ...rest } = next;
      next = { _id: cloneDoc(idValue.v), ...rest };
      modified = true;
    }
  }
  if ('_id' in old) {
    checkIdUnchanged(old, next);
  }
  return { doc: next, modified };
}

function setPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur: Document = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i] as string;
    const nextVal = cur[p];
    if (!isPlainObject(nextVal)) {
      cur[p] = {};
    }
    cur = cur[p] as Document;
  }
  cur[parts[parts.length - 1] as string] = cloneDoc(value);
}

/** Equality fields of a query that seed an upserted document (`{a: 1}`, `{a: {$eq: 1}}`, `$and`). */
export function upsertSeed(filter: Document): Document {
  const seed: Document = {};
  const walk = (f: Document): void => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) {
        for (const sub of v) {
          if (isPlainObject(sub)) {
            walk(sub);
          }
        }
        continue;
      }
      if (k.startsWith('$')) {
        continue;
      }
      if (isPlainObject(v) && Object.keys(v).some((x) => x.startsWith('$'))) {
        if ('$eq' in v) {
          setPath(seed, k, v['$eq']);
        }
        continue;
      }
      if (v instanceof RegExp) {
        continue;
      }
      setPath(seed, k, v);
    }
  };
  walk(filter);
  return idFirst(seed);
}

/** The document an upsert inserts when nothing matched. */
export function buildUpsertDocument(filter: Document, spec: unknown, arrayFilters?: Document[]): Document {
  const kind = classifyUpdate(spec);
  const seed = upsertSeed(filter);
  if (kind === 'replacement') {
    const replacement = spec as Document;
    const base: Document = '_id' in seed ? { _id: seed['_id'] } : {};
    return applyUpdate(base, replacement, { isInsert: true }).doc;
  }
  return idFirst(applyUpdate(seed, spec, { arrayFilters, isInsert: true }).doc);
}
