/**
 * Query execution: runs the plan the planner picked, applies the whole filter to
 * each candidate document, then sorts (unless the index order already serves
 * the sort), skips, limits and projects, in MongoDB's order. It counts the index
 * keys and documents it examined, for explain's executionStats and the
 * serverStatus `metrics.queryExecutor` counters.
 */
import { Query } from 'mingo/query';
import { compare, resolve } from 'mingo/util';
import { MongoCommandError, badValue } from './errors';
import { compileFilter, optionsFor, type QueryEnv } from './filter';
import { choosePlan, isExactEquality, iterateRanges, type Plan } from './planner';
import { compileProjection, type ProjectionMeta } from './projection';
import type { Collection } from './storage/collection';
import { idKeyOf } from './storage/collection';
import { splitText, type TextIndex } from './text/text-index';
import { isPlainObject, toText, type Document } from './types';

export type { QueryEnv } from './filter';

export interface QueryRequest extends QueryEnv {
  filter: Document;
  sort?: Document | undefined;
  projection?: Document | undefined;
  skip?: number | undefined;
  limit?: number | undefined;
  hint?: unknown;
}

/** What a run examined and returned (explain's executionStats). */
export interface ExecStats {
  keysExamined: number;
  docsExamined: number;
  nReturned: number;
  /** The sort was done in memory rather than by reading an index in order. */
  sortInMemory: boolean;
  executionTimeMillis: number;
}

export interface QueryRun {
  docs: Document[];
  plan: Plan;
  stats: ExecStats;
}

/** Server-wide counters, as mongod's serverStatus `metrics.queryExecutor`. */
export interface QueryMetrics {
  scanned: number;
  scannedObjects: number;
  collectionScans: number;
}

/** A validated sort; `$meta: 'textScore'` keys are marked 'score' (highest first). */
function validateSort(sort: Document): Record<string, 1 | -1 | 'score'> {
  const out: Record<string, 1 | -1 | 'score'> = {};
  for (const [k, v] of Object.entries(sort)) {
    if (v === 1 || v === -1) {
      out[k] = v;
    } else if (isPlainObject(v) && v['$meta'] === 'textScore') {
      out[k] = 'score';
    } else if (isPlainObject(v) && v['$meta'] !== undefined) {
      throw badValue(`$meta sort by ${toText(v['$meta'])} is not supported`);
    } else {
      throw badValue(`$sort key ordering must be 1 (for ascending) or -1 (for descending)`);
    }
  }
  return out;
}

/** Candidate documents of a plan, counting what was examined; text matches get their score. */
function* candidates(
  coll: Collection,
  plan: Plan,
  stats: ExecStats,
  scores: Map<Document, number>,
): Generator<Document> {
  switch (plan.kind) {
    case 'text': {
      const text = plan.index.text as TextIndex;
      for (const id of text.candidates(plan.query)) {
        stats.keysExamined++;
        const doc = coll.records.get(id)?.doc;
        if (!doc) {
          continue;
        }
        stats.docsExamined++;
        const score = text.score(doc, plan.query);
        if (score !== undefined) {
          scores.set(doc, score);
          yield doc;
        }
      }
      return;
    }
    case 'idhack': {
      const seen = new Set<string>();
      for (const id of plan.ids) {
        const key = idKeyOf(id);
        const doc = coll.records.get(key)?.doc;
        stats.keysExamined++;
        if (doc && !seen.has(key)) {
          seen.add(key);
          stats.docsExamined++;
          yield doc;
        }
      }
      return;
    }
    case 'collscan': {
      const records = plan.reverse ? Array.from(coll.records.values()).reverse() : coll.records.values();
      for (const { doc } of records) {
        stats.docsExamined++;
        yield doc;
      }
      return;
    }
    case 'ixscan': {
      const dedupe = plan.index.multikey || (plan.points?.length ?? plan.ranges.length) > 1;
      const seen = dedupe ? new Set<string>() : undefined;
      const ids: Iterable<string> = plan.points
        ? plan.points.flatMap((p) => plan.index.lookupAll(plan.index.lookupKey(p)).map((r) => r.id))
        : (function* () {
            for (const e of iterateRanges(coll, plan)) {
              yield e.id;
            }
          })();
      for (const id of ids) {
        stats.keysExamined++;
        if (seen) {
          if (seen.has(id)) {
            continue;
          }
          seen.add(id);
        }
        const doc = coll.records.get(id)?.doc;
        if (doc) {
          stats.docsExamined++;
          yield doc;
        }
      }
      return;
    }
  }
}

function sortDocuments(docs: Document[], sort: Record<string, 1 | -1>, env: QueryEnv): Document[] {
  try {
    return new Query({}, optionsFor(env)).find(docs).sort(sort).all() as Document[];
  } catch (err) {
    throw badValue(err instanceof Error ? err.message : String(err));
  }
}

/** A sort with `$meta: 'textScore'` keys: highest score first, other keys in BSON order. */
function sortWithScores(
  docs: Document[],
  sort: Record<string, 1 | -1 | 'score'>,
  scores: Map<Document, number>,
): Document[] {
  const keys = Object.entries(sort);
  return docs.slice().sort((a, b) => {
    for (const [field, dir] of keys) {
      const c =
        dir === 'score'
          ? (scores.get(b) ?? 0) - (scores.get(a) ?? 0)
          : compare(resolve(a, field), resolve(b, field)) * dir;
      if (c !== 0) {
        return c;
      }
    }
    return 0;
  });
}

/**
 * For a lookup (by `_id` or an index's equalities) whose candidates all match the looked-up fields,
 * the rest of a filter that is plain equality to strings or booleans on top-level fields (a drain's
 * `{_id: {$in: ids}, status: 'pending', lease}`) tested field by field rather than by a mingo
 * query compiled for the command; a candidate holding an array there is left to mingo (an array
 * matches when an element is equal). Undefined when the filter is anything else.
 */
function residualEquality(plan: Plan, req: QueryRequest): { test(doc: Document): boolean } | undefined {
  const fields = plan.kind === 'idhack' ? ['_id'] : plan.kind === 'ixscan' && plan.points ? plan.index.fields : null;
  if (!fields || req.collation || req.variables) {
    return undefined;
  }
  const looked: Document = {};
  const rest: Array<[string, string | boolean]> = [];
  for (const [key, value] of Object.entries(req.filter)) {
    if (fields.includes(key)) {
      looked[key] = value;
    } else if (
      !key.startsWith('$') &&
      !key.includes('.') &&
      (typeof value === 'string' || typeof value === 'boolean')
    ) {
      rest.push([key, value]);
    } else {
      return undefined;
    }
  }
  if (!isExactEquality({ filter: looked }, fields)) {
    return undefined;
  }
  let full: { test(doc: Document): boolean } | undefined;
  return {
    test(doc) {
      for (const [key, value] of rest) {
        const held = doc[key];
        if (held !== value) {
          if (!Array.isArray(held)) {
            return false;
          }
          full ??= compileFilter(req.filter, req);
          return full.test(doc);
        }
      }
      return true;
    },
  };
}

/** Run a query: plan, filter, sort, skip, limit, project. */
export function runQuery(coll: Collection | undefined, req: QueryRequest, meta: ProjectionMeta = {}): QueryRun {
  const started = performance.now();
  const skip = req.skip ?? 0;
  const limit = Math.abs(req.limit ?? 0);
  const sort = req.sort && Object.keys(req.sort).length > 0 ? validateSort(req.sort) : undefined;
  const byScore = sort !== undefined && Object.values(sort).includes('score');
  const scores = new Map<Document, number>();
  const plan = choosePlan(coll, {
    filter: req.filter,
    sort: byScore ? undefined : (sort as Record<string, 1 | -1> | undefined),
    limit: limit || undefined,
    collation: req.collation,
    hint: req.hint,
  });
  const stats: ExecStats = {
    keysExamined: 0,
    docsExamined: 0,
    nReturned: 0,
    sortInMemory: false,
    executionTimeMillis: 0,
  };
  const project = compileProjection(req.projection, req.filter, req, { textScore: (doc) => scores.get(doc), ...meta });
  if (plan.kind === 'collscan' && coll?.parameters.notablescan) {
    throw new MongoCommandError(
      291,
      `error processing query: ns=${coll.ns} planner returned error :: caused by :: No indexed plans available, and running with 'notablescan'`,
      { codeName: 'NoQueryExecutionPlans' },
    );
  }
  let docs: Document[] = [];
  const exact = (plan.kind === 'idhack' || plan.kind === 'ixscan') && plan.exact;
  const query = exact ? undefined : (residualEquality(plan, req) ?? compileFilter(splitText(req.filter).rest, req));
  if (coll) {
    const empty = !query || Object.keys(req.filter).length === 0;
    const ordered = !sort || (plan.kind === 'ixscan' && plan.servesSort);
    const enough = ordered && limit > 0 ? skip + limit : 0;
    for (const doc of candidates(coll, plan, stats, scores)) {
      if (empty || query?.test(doc)) {
        docs.push(doc);
        if (enough > 0 && docs.length >= enough) {
          break;
        }
      }
    }
    if (sort && !ordered) {
      stats.sortInMemory = true;
      docs = byScore ? sortWithScores(docs, sort, scores) : sortDocuments(docs, sort as Record<string, 1 | -1>, req);
    }
    coll.metrics.scanned += stats.keysExamined;
    coll.metrics.scannedObjects += stats.docsExamined;
    if (plan.kind === 'collscan') {
      coll.metrics.collectionScans++;
    }
  }
  if (skip > 0 || limit > 0) {
    docs = docs.slice(skip, limit > 0 ? skip + limit : undefined);
  }
  if (project) {
    docs = docs.map(project);
  }
  stats.nReturned = docs.length;
  stats.executionTimeMillis = Math.round(performance.now() - started);
  return { docs, plan, stats };
}

/** Matching documents in plan order; stops after `limit` when > 0. */
export function matching(coll: Collection | undefined, filter: Document, limit = 0, env: QueryEnv = {}): Document[] {
  return runQuery(coll, { filter, limit, ...env }).docs;
}

/** Run a find and return only the documents. */
export function find(coll: Collection | undefined, req: QueryRequest): Document[] {
  return runQuery(coll, req).docs;
}
