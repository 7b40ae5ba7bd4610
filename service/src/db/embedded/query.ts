/**
 * Query execution: picks candidate documents through the `_id` map or a hash
 * index when the filter has equality on the indexed fields, then lets mingo do
 * the real matching, sorting, skipping, limiting and projecting.
 */
import { Binary, ObjectId } from 'bson';
import { Query } from 'mingo';
import type { Options } from 'mingo/types';
import { badValue } from './errors';
import { isPlainObject, type Document } from './types';
import { idKeyOf, type Collection } from './storage/collection';

export const MINGO_OPTIONS: Partial<Options> = { scriptEnabled: false };

/** A value an equality lookup can hash: scalars, ObjectId, Date, Binary, embedded docs. */
function isHashable(v: unknown): boolean {
  if (v === null) return true;
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'boolean':
      return !(typeof v === 'number' && Number.isNaN(v));
    case 'object':
      if (v instanceof ObjectId || v instanceof Date || v instanceof Binary) return true;
      if (isPlainObject(v)) return Object.keys(v).every((k) => !k.startsWith('$'));
      return false;
    default:
      return false;
  }
}

/** The candidate values a filter allows for a top-level field, or undefined if unconstrained. */
function equalityValues(filter: Document, field: string): unknown[] | undefined {
  if (!(field in filter)) return undefined;
  const cond = filter[field];
  if (isPlainObject(cond) && Object.keys(cond).some((k) => k.startsWith('$'))) {
    if ('$eq' in cond && isHashable(cond['$eq'])) return [cond['$eq']];
    const inList = cond['$in'];
    if (Array.isArray(inList) && inList.every(isHashable)) return inList;
    return undefined;
  }
  return isHashable(cond) ? [cond] : undefined;
}

const MAX_LOOKUP_COMBINATIONS = 1000;

/** Documents that may match `filter`: an index lookup when possible, else every document. */
export function candidates(coll: Collection, filter: Document): Iterable<Document> {
  const ids = equalityValues(filter, '_id');
  if (ids) {
    const out: Document[] = [];
    const seen = new Set<string>();
    for (const id of ids) {
      const key = idKeyOf(id);
      const doc = coll.docs.get(key);
      if (doc && !seen.has(key)) {
        seen.add(key);
        out.push(doc);
      }
    }
    return out;
  }
  for (const index of coll.indexes.values()) {
    if (!index.usableForEquality) continue;
    const perField = index.fields.map((f) => equalityValues(filter, f));
    if (perField.some((v) => v === undefined)) continue;
    // A sparse index holds no entry for missing fields, so it can't answer `null`.
    if (index.sparse && perField.some((vals) => vals?.some((v) => v === null))) continue;
    let combos: unknown[][] = [[]];
    for (const vals of perField as unknown[][]) {
      const next: unknown[][] = [];
      for (const c of combos) for (const v of vals) next.push([...c, v]);
      combos = next;
    }
    if (combos.length > MAX_LOOKUP_COMBINATIONS) continue;
    const seen = new Set<string>();
    const out: Document[] = [];
    for (const values of combos) {
      const hits = index.lookup(index.lookupKey(values));
      if (!hits) continue;
      for (const id of hits) {
        if (seen.has(id)) continue;
        seen.add(id);
        const doc = coll.docs.get(id);
        if (doc) out.push(doc);
      }
    }
    return out;
  }
  return coll.docs.values();
}

export function compileFilter(filter: unknown, collation?: Document): Query {
  if (filter === undefined || filter === null) return new Query({}, MINGO_OPTIONS);
  if (!isPlainObject(filter)) throw badValue('filter must be an object');
  try {
    return new Query(filter, collation ? { ...MINGO_OPTIONS, collation: collation as unknown as Options['collation'] } : MINGO_OPTIONS);
  } catch (err) {
    throw badValue(err instanceof Error ? err.message : String(err));
  }
}

/** Matching documents, in natural (or index) order. Stops after `limit` when > 0. */
export function matching(coll: Collection | undefined, filter: Document, limit = 0, collation?: Document): Document[] {
  if (!coll) return [];
  const query = compileFilter(filter, collation);
  const out: Document[] = [];
  const empty = Object.keys(filter).length === 0;
  for (const doc of candidates(coll, filter)) {
    if (empty || query.test(doc)) {
      out.push(doc);
      if (limit > 0 && out.length >= limit) break;
    }
  }
  return out;
}

export interface FindOptions {
  filter: Document;
  sort?: Document | undefined;
  projection?: Document | undefined;
  skip?: number | undefined;
  limit?: number | undefined;
  collation?: Document | undefined;
}

function validateSort(sort: Document): Record<string, 1 | -1> {
  const out: Record<string, 1 | -1> = {};
  for (const [k, v] of Object.entries(sort)) {
    if (v === 1 || v === -1) out[k] = v;
    else if (isPlainObject(v) && v['$meta'] !== undefined) throw badValue(`$meta sort by ${String(v['$meta'])} is not supported`);
    else throw badValue(`$sort key ordering must be 1 (for ascending) or -1 (for descending)`);
  }
  return out;
}

/** Run a find: filter, then sort, skip, limit, project — MongoDB's order. */
export function find(coll: Collection | undefined, opts: FindOptions): Document[] {
  const skip = opts.skip ?? 0;
  const limit = Math.abs(opts.limit ?? 0);
  const sort = opts.sort && Object.keys(opts.sort).length > 0 ? validateSort(opts.sort) : undefined;
  const hasProjection = opts.projection !== undefined && Object.keys(opts.projection).length > 0;
  if (!sort && !hasProjection) {
    const docs = matching(coll, opts.filter, limit > 0 ? skip + limit : 0, opts.collation);
    return skip > 0 ? docs.slice(skip) : docs;
  }
  const docs = matching(coll, opts.filter, sort ? 0 : limit > 0 ? skip + limit : 0, opts.collation);
  const options: Partial<Options> = opts.collation
    ? { ...MINGO_OPTIONS, collation: opts.collation as unknown as Options['collation'] }
    : MINGO_OPTIONS;
  try {
    const cursor = new Query({}, options).find(docs, hasProjection ? opts.projection : undefined);
    if (sort) cursor.sort(sort);
    if (skip > 0) cursor.skip(skip);
    if (limit > 0) cursor.limit(limit);
    return cursor.all() as Document[];
  } catch (err) {
    throw badValue(err instanceof Error ? err.message : String(err));
  }
}
