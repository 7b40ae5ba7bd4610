/**
 * Query execution: picks candidate documents through the `_id` map or a hash
 * index when the filter has equality on the indexed fields, then lets mingo do
 * the real matching, sorting, skipping, limiting and projecting.
 */
import { Binary, ObjectId } from 'bson';
import { Query } from 'mingo/query';
import type { Options } from 'mingo/types';
import { applyCollation } from './collated-query';
import { isCaseInsensitive, type Collation } from './collation';
import { badValue } from './errors';
import { FULL_OPTIONS, QUERY_OPTIONS, needsExpressions } from './mingo-context';
import { isPlainObject, toText, type Document } from './types';
import { idKeyOf, type Collection } from './storage/collection';

/** Options for mingo's updater (it builds its own small operator context). */
export const MINGO_OPTIONS: Partial<Options> = { scriptEnabled: false };

/** What a command adds to how its filters and expressions evaluate: its collation and `let` variables. */
export interface QueryEnv {
  collation?: Collation | undefined;
  variables?: Document | undefined;
}

function withEnv(base: Partial<Options>, env: QueryEnv): Partial<Options> {
  if (!env.collation && !env.variables) {
    return base;
  }
  return {
    ...base,
    ...(env.collation ? { collation: env.collation as unknown as Options['collation'] } : {}),
    ...(env.variables ? { variables: env.variables } : {}),
  };
}

/** A value an equality lookup can hash: scalars, ObjectId, Date, Binary, embedded docs. */
function isHashable(v: unknown): boolean {
  if (v === null) {
    return true;
  }
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'boolean':
      return !(typeof v === 'number' && Number.isNaN(v));
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      return false;
    case 'object':
      if (v instanceof ObjectId || v instanceof Date || v instanceof Binary) {
        return true;
      }
      if (isPlainObject(v)) {
        return Object.keys(v).every((k) => !k.startsWith('$'));
      }
      return false;
  }
  return false;
}

/** The candidate values a filter allows for a top-level field, or undefined if unconstrained. */
function equalityValues(filter: Document, field: string): unknown[] | undefined {
  if (!(field in filter)) {
    return undefined;
  }
  const cond = filter[field];
  if (isPlainObject(cond) && Object.keys(cond).some((k) => k.startsWith('$'))) {
    if ('$eq' in cond && isHashable(cond['$eq'])) {
      return [cond['$eq']];
    }
    const inList = cond['$in'];
    if (Array.isArray(inList) && inList.every(isHashable)) {
      return inList as unknown[];
    }
    return undefined;
  }
  return isHashable(cond) ? [cond] : undefined;
}

const MAX_LOOKUP_COMBINATIONS = 1000;

function hasString(values: unknown[]): boolean {
  return values.some((v) => typeof v === 'string');
}

/** Documents that may match `filter`: an index lookup when possible, else every document. */
export function candidates(coll: Collection, filter: Document, collation?: Collation): Iterable<Document> {
  const ci = isCaseInsensitive(collation);
  const ids = equalityValues(filter, '_id');
  if (ids && !(ci && hasString(ids))) {
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
    if (!index.usableForEquality) {
      continue;
    }
    const perField = index.fields.map((f) => equalityValues(filter, f));
    if (perField.some((v) => v === undefined)) {
      continue;
    }
    // A case-sensitive index can't find case variants for a case-insensitive query.
    if (ci && !index.caseInsensitive && perField.some((vals) => hasString(vals as unknown[]))) {
      continue;
    }
    // A sparse index holds no entry for missing fields, so it can't answer `null`.
    if (index.sparse && perField.some((vals) => vals?.some((v) => v === null))) {
      continue;
    }
    let combos: unknown[][] = [[]];
    for (const vals of perField as unknown[][]) {
      const next: unknown[][] = [];
      for (const c of combos) {
        for (const v of vals) {
          next.push([...c, v]);
        }
      }
      combos = next;
    }
    if (combos.length > MAX_LOOKUP_COMBINATIONS) {
      continue;
    }
    const seen = new Set<string>();
    const out: Document[] = [];
    for (const values of combos) {
      const hits = index.lookup(index.lookupKey(values));
      if (!hits) {
        continue;
      }
      for (const id of hits) {
        if (seen.has(id)) {
          continue;
        }
        seen.add(id);
        const doc = coll.docs.get(id);
        if (doc) {
          out.push(doc);
        }
      }
    }
    return out;
  }
  return coll.docs.values();
}

export function compileFilter(filter: unknown, env: QueryEnv = {}): Query {
  if (filter === undefined || filter === null) {
    return new Query({}, QUERY_OPTIONS);
  }
  if (!isPlainObject(filter)) {
    throw badValue('filter must be an object');
  }
  try {
    if (env.collation) {
      filter = applyCollation(filter, env.collation);
    }
    if (!env.collation && !env.variables && !needsExpressions(filter)) {
      return new Query(filter as Document, QUERY_OPTIONS);
    }
    return new Query(filter as Document, withEnv(FULL_OPTIONS, env));
  } catch (err) {
    throw badValue(err instanceof Error ? err.message : String(err));
  }
}

/** Matching documents, in natural (or index) order. Stops after `limit` when > 0. */
export function matching(coll: Collection | undefined, filter: Document, limit = 0, env: QueryEnv = {}): Document[] {
  if (!coll) {
    return [];
  }
  const query = compileFilter(filter, env);
  const out: Document[] = [];
  const empty = Object.keys(filter).length === 0;
  for (const doc of candidates(coll, filter, env.collation)) {
    if (empty || query.test(doc)) {
      out.push(doc);
      if (limit > 0 && out.length >= limit) {
        break;
      }
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
  collation?: Collation | undefined;
  variables?: Document | undefined;
}

function validateSort(sort: Document): Record<string, 1 | -1> {
  const out: Record<string, 1 | -1> = {};
  for (const [k, v] of Object.entries(sort)) {
    if (v === 1 || v === -1) {
      out[k] = v;
    } else if (isPlainObject(v) && v['$meta'] !== undefined) {
      throw badValue(`$meta sort by ${toText(v['$meta'])} is not supported`);
    } else {
      throw badValue(`$sort key ordering must be 1 (for ascending) or -1 (for descending)`);
    }
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
    const docs = matching(coll, opts.filter, limit > 0 ? skip + limit : 0, opts);
    return skip > 0 ? docs.slice(skip) : docs;
  }
  const docs = matching(coll, opts.filter, sort ? 0 : limit > 0 ? skip + limit : 0, opts);
  const options = withEnv(FULL_OPTIONS, opts);
  try {
    const cursor = new Query({}, options).find(docs, hasProjection ? opts.projection : undefined);
    if (sort) {
      cursor.sort(sort);
    }
    if (skip > 0) {
      cursor.skip(skip);
    }
    if (limit > 0) {
      cursor.limit(limit);
    }
    return cursor.all() as Document[];
  } catch (err) {
    throw badValue(err instanceof Error ? err.message : String(err));
  }
}

/** Apply a find-style projection to documents. */
export function project(docs: Document[], projection: Document | undefined): Document[] {
  if (!projection || Object.keys(projection).length === 0) {
    return docs;
  }
  try {
    return new Query({}, FULL_OPTIONS).find(docs, projection).all() as Document[];
  } catch (err) {
    throw badValue(err instanceof Error ? err.message : String(err));
  }
}
