/**
 * The most common read as a command: a `find` whose filter is one equality on `_id` or on an indexed
 * field, answered by `pointLookup` without the generic planner. Two front ends describe it: the
 * `find` handler from a decoded command (`pointFindOf`), and the wire fast path straight from the
 * message bytes (`../find-scan.ts`); both run it through `pointFindCursor`, so they answer alike.
 */
import { Long } from 'bson';
import type { CursorManager } from '../cursors';
import { isPointValue, pointLookup } from '../point-lookup';
import type { StoredDoc } from '../stored-doc';
import type { Engine } from '../storage/engine';
import { isPlainObject, type Document } from '../types';

/** A find that may be a point lookup, its arguments checked as the `find` command checks them. */
export interface PointFind {
  readonly collection: string;
  /** The filter's only field, and the value it must equal (`isPointValue`). */
  readonly field: string;
  readonly value: unknown;
  /** 0 for no limit. */
  readonly limit: number;
  readonly batchSize: number | undefined;
  readonly singleBatch: boolean;
}

/** Fields a find may carry and still be a point lookup: none of them changes which documents it returns. */
export const POINT_FIND_FIELDS: ReadonlySet<string> = new Set([
  'find',
  'filter',
  'limit',
  'batchSize',
  'singleBatch',
  'lsid',
  '$db',
  '$readPreference',
  'readConcern',
  'maxTimeMS',
  'comment',
]);

/**
 * The point find a decoded `find` command asks for: one equality on one field, without sort,
 * projection, skip, hint, collation or `let`; undefined for any other find, which the general path
 * runs (and validates).
 */
export function pointFindOf(cmd: Document): PointFind | undefined {
  for (const field in cmd) {
    if (!POINT_FIND_FIELDS.has(field)) {
      return undefined;
    }
  }
  const collection = cmd['find'];
  const filter = cmd['filter'];
  const limit = cmd['limit'] ?? 0;
  const batchSize = cmd['batchSize'];
  const singleBatch = cmd['singleBatch'] ?? false;
  if (
    typeof collection !== 'string' ||
    !isPlainObject(filter) ||
    typeof limit !== 'number' ||
    !isCount(limit) ||
    (batchSize !== undefined && (typeof batchSize !== 'number' || !isCount(batchSize))) ||
    typeof singleBatch !== 'boolean'
  ) {
    return undefined;
  }
  let field: string | undefined;
  for (const key in filter) {
    if (field !== undefined || key.startsWith('$')) {
      return undefined;
    }
    field = key;
  }
  if (field === undefined) {
    return undefined;
  }
  return { collection, field, value: filter[field], limit, batchSize, singleBatch };
}

/** A valid limit or batch size for a point find: a non-negative integer. */
export function isCount(n: number): boolean {
  return Number.isInteger(n) && n >= 0;
}

/** What running a point find needs from its connection. */
export interface PointFindScope {
  readonly engine: Engine;
  readonly cursors: CursorManager;
}

/** A point find's first batch: its cursor's id and namespace, and the stored records of the batch. */
export interface PointFindResult {
  readonly id: Long;
  readonly ns: string;
  readonly firstBatch: readonly StoredDoc[];
}

/** The `cursor` document of a point find's reply, `{firstBatch, id, ns}`, the batch's documents as stored. */
export function pointFindCursorDocument(found: PointFindResult): Document {
  const { firstBatch, id, ns } = found;
  return { firstBatch: firstBatch.map((record) => record.doc), id, ns };
}

/**
 * The first batch of a point find, whose documents go out as stored; undefined when it cannot run as
 * one (no such collection, no index serving the field, a value or a collection collation that needs
 * the general comparison), with nothing changed.
 */
export function pointFindCursor(
  scope: PointFindScope,
  db: string,
  find: PointFind,
  session: { readonly lsid: string | undefined },
): PointFindResult | undefined {
  const { collection, value } = find;
  const coll = collection.length > 0 ? scope.engine.getCollection(db, collection) : undefined;
  if (!coll || !isPointValue(value)) {
    return undefined;
  }
  const records = pointLookup(coll, find.field, value, find.limit);
  if (!records) {
    return undefined;
  }
  const ns = namespace(db, collection);
  if (records.length === 0 || (records.length === 1 && firstBatchSize(find.limit, find.batchSize) !== 0)) {
    // The whole result fits the first batch, so no cursor stays open (as `CursorManager.open` answers).
    return { id: Long.ZERO, ns, firstBatch: records };
  }
  const docs: Document[] = new Array<Document>(records.length);
  for (let i = 0; i < records.length; i++) {
    docs[i] = (records[i] as StoredDoc).doc;
  }
  const cursor = openFirstBatch(scope.cursors, ns, docs, find.limit, find.batchSize, find.singleBatch, session);
  const batchLength = (cursor['firstBatch'] as Document[]).length;
  return {
    id: cursor['id'] as Long,
    ns,
    firstBatch: batchLength === records.length ? records : records.slice(0, batchLength),
  };
}

/** The last namespace named: point finds come for the same few collections, one after another. */
const lastNamespace = { db: '', collection: '', ns: '.' };

function namespace(db: string, collection: string): string {
  if (db !== lastNamespace.db || collection !== lastNamespace.collection) {
    lastNamespace.db = db;
    lastNamespace.collection = collection;
    lastNamespace.ns = `${db}.${collection}`;
  }
  return lastNamespace.ns;
}

/** The first batch of a find's results, registering a cursor for the rest (if any). */
export function openFirstBatch(
  cursors: CursorManager,
  ns: string,
  docs: Document[],
  limit: number | undefined,
  batchSize: number | undefined,
  singleBatch: boolean,
  session: { readonly lsid: string | undefined },
): Document {
  return cursors.open(ns, docs, firstBatchSize(limit, batchSize), singleBatch, session);
}

/** The first batch's size for a find's limit and batch size: never more than `limit` docs. */
function firstBatchSize(limit: number | undefined, batchSize: number | undefined): number | undefined {
  return limit && limit > 0 && (batchSize === undefined || batchSize > limit) ? limit : batchSize;
}
