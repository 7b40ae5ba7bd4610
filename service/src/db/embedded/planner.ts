/**
 * Query planning: which documents a query has to examine. An `_id` equality is
 * a direct lookup (IDHACK); otherwise every usable index gets bounds from the
 * filter — equality / `$in` on leading fields, then one range — and the plan that
 * examines the fewest keys wins, preferring one whose order serves the sort.
 * Without a usable index the plan is a collection scan. Candidates are always a
 * superset of the matches: the executor applies the whole filter to each.
 */
import { ObjectId, Binary } from 'bson';
import { isCaseInsensitive, sameCollation, type Collation } from './collation';
import { ErrorCodes, MongoCommandError } from './errors';
import { BRACKET_END, bracketOf } from './index-keys';
import { describeBounds, iterateRanges, scanRanges, type FieldBounds, type Range, type ScanRange } from './index-scan';
import type { Index } from './indexes';
import type { Collection } from './storage/collection';
import { splitText, type TextQuery } from './text/text-index';
import { isPlainObject, type Document } from './types';

export { iterateRanges, type ScanRange };

export type Plan =
  | { kind: 'collscan'; reverse: boolean }
  | { kind: 'text'; index: Index; query: TextQuery }
  | { kind: 'idhack'; ids: unknown[]; exact: boolean }
  | {
      kind: 'ixscan';
      index: Index;
      /** Hash lookups: one value per index field, for every combination of equalities. */
      points: unknown[][] | undefined;
      /** Ordered scans, in scan order. */
      ranges: ScanRange[];
      reverse: boolean;
      /** Results come out in the requested sort order. */
      servesSort: boolean;
      /** explain's indexBounds, computed when asked for. */
      bounds: () => Document;
      /** The filter is exactly equality on the looked-up fields: candidates need no further test. */
      exact: boolean;
    };

export interface PlanRequest {
  filter: Document;
  sort?: Record<string, 1 | -1> | undefined;
  limit?: number | undefined;
  collation?: Collation | undefined;
  hint?: unknown;
}

/** Equality combinations a plan may look up before it gives up on the index. */
const MAX_COMBINATIONS = 1000;

/** A value an equality lookup can hash: scalars, ObjectId, Date, Binary, embedded docs. */
function isHashable(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') {
    return true;
  }
  if (typeof v === 'number') {
    return !Number.isNaN(v);
  }
  if (v instanceof ObjectId || v instanceof Date || v instanceof Binary) {
    return true;
  }
  return isPlainObject(v) && Object.keys(v).every((k) => !k.startsWith('$'));
}

/** Conditions on `field` in the filter's top level and `$and`. */
function conditionsOn(filter: Document, field: string, out: unknown[] = []): unknown[] {
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$and' && Array.isArray(v)) {
      v.forEach((sub) => isPlainObject(sub) && conditionsOn(sub, field, out));
    } else if (k === field) {
      out.push(v);
    }
  }
  return out;
}

function isOperatorDoc(v: unknown): v is Document {
  return isPlainObject(v) && Object.keys(v).some((k) => k.startsWith('$'));
}

function rangeOf(op: string, value: unknown, index: Index): Range | undefined {
  if (
    value === null ||
    typeof value === 'boolean' ||
    Array.isArray(value) ||
    isPlainObject(value) ||
    value instanceof RegExp
  ) {
    return undefined;
  }
  const bracket = bracketOf(value);
  const key = index.sortKeyOf(value);
  switch (op) {
    case '$gt':
      return { lo: key, loInc: false, hi: bracket + BRACKET_END, hiInc: true };
    case '$gte':
      return { lo: key, loInc: true, hi: bracket + BRACKET_END, hiInc: true };
    case '$lt':
      return { lo: bracket, loInc: true, hi: key, hiInc: false };
    case '$lte':
      return { lo: bracket, loInc: true, hi: key, hiInc: true };
    default:
      return undefined;
  }
}

function intersect(a: Range, b: Range): Range {
  const lo = a.lo > b.lo || (a.lo === b.lo && !a.loInc) ? a : b;
  const hi = a.hi < b.hi || (a.hi === b.hi && !a.hiInc) ? a : b;
  return { lo: lo.lo, loInc: lo.loInc, hi: hi.hi, hiInc: hi.hiInc };
}

/** Bounds the filter puts on one index field, or undefined when none can be used. */
function boundsFor(
  filter: Document,
  field: string,
  index: Index,
  collation: Collation | undefined,
): FieldBounds | undefined {
  // Strings compare under the query's collation: only an index with the same collation has them in that order.
  const stringsOk = sameCollation(index.collation, collation);
  const usable = (v: unknown): boolean =>
    isHashable(v) && (typeof v !== 'string' || stringsOk) && !(v === null && index.sparse);
  let points: unknown[] | undefined;
  let range: Range | undefined;
  for (const cond of conditionsOn(filter, field)) {
    if (!isOperatorDoc(cond)) {
      if (usable(cond)) {
        points ??= [cond];
      }
      continue;
    }
    for (const [op, arg] of Object.entries(cond)) {
      if (op === '$eq' && usable(arg)) {
        points ??= [arg];
      } else if (op === '$in' && Array.isArray(arg) && arg.every(usable) && arg.length > 0) {
        points ??= arg;
      } else if (op === '$gt' || op === '$gte' || op === '$lt' || op === '$lte') {
        // Ranges on strings only in binary order; a multikey field takes one bound (its elements may straddle).
        if ((typeof arg === 'string' && (index.collation || collation)) || (range && index.multikey)) {
          continue;
        }
        const r = rangeOf(op, arg, index);
        if (r && (!range || bracketOf(arg) === range.lo[0])) {
          range = range ? intersect(range, r) : r;
        }
      }
    }
  }
  if (points) {
    return { points };
  }
  return range ? { range } : undefined;
}

/** Whether scanning `index` (forward or backward) after `equalities` leading fields yields `sort` order. */
function sortDirection(index: Index, sort: Record<string, 1 | -1>, equalities: number): boolean | undefined {
  const keys = Object.entries(sort);
  let reverse: boolean | undefined;
  let f = 0;
  for (const [field, dir] of keys) {
    while (f < equalities && index.fields[f] !== field) {
      f++;
    }
    if (index.fields[f] !== field) {
      return undefined;
    }
    const r = dir !== index.directions[f];
    if (reverse !== undefined && r !== reverse) {
      return undefined;
    }
    reverse = r;
    f++;
  }
  return reverse;
}

function findHinted(coll: Collection, hint: unknown): Index | 'natural' {
  if (isPlainObject(hint) && '$natural' in hint) {
    return 'natural';
  }
  const all = [coll.idIndex, ...coll.indexes.values()];
  const found =
    typeof hint === 'string'
      ? all.find((i) => i.name === hint)
      : isPlainObject(hint)
        ? all.find((i) => JSON.stringify(i.spec.key) === JSON.stringify(hint))
        : undefined;
  if (!found) {
    throw new MongoCommandError(
      ErrorCodes.BadValue,
      `error processing query: ns=${coll.ns} planner returned error :: caused by :: hint provided does not correspond to an existing index`,
    );
  }
  return found;
}

function estimate(coll: Collection, plan: Extract<Plan, { kind: 'ixscan' }>, cap: number): number {
  if (plan.points) {
    return plan.points.reduce((n, p) => n + plan.index.count(plan.index.lookupKey(p)), 0);
  }
  let n = 0;
  for (const _ of iterateRanges(coll, plan)) {
    if (++n >= cap) {
      break;
    }
  }
  return n;
}

function indexPlan(index: Index, req: PlanRequest, forced: boolean): Extract<Plan, { kind: 'ixscan' }> | undefined {
  const perField: FieldBounds[] = [];
  for (const field of index.fields) {
    const b = boundsFor(req.filter, field, index, req.collation);
    perField.push(b ?? {});
    if (!b?.points) {
      break;
    }
  }
  const equalities = perField.filter((b) => b.points).length;
  const bounded = equalities > 0 || perField[0]?.range !== undefined;
  const sortable = req.sort && !index.multikey && !index.sparse && !index.partial && !index.collation && !req.collation;
  const reverse = sortable ? sortDirection(index, req.sort as Record<string, 1 | -1>, equalities) : undefined;
  if (!bounded && reverse === undefined && !forced) {
    return undefined;
  }
  const allPoints = equalities === index.fields.length && !index.isId;
  const ranges = allPoints ? [] : scanRanges(index, perField);
  if (!ranges) {
    return undefined;
  }
  const points = allPoints ? cartesian(perField.map((b) => b.points as unknown[])) : undefined;
  if (points && points.length > MAX_COMBINATIONS) {
    return undefined;
  }
  const servesSort = reverse !== undefined && (points ? points.length <= 1 : ranges.length <= 1);
  return {
    kind: 'ixscan',
    index,
    points,
    ranges,
    reverse: servesSort ? reverse : false,
    servesSort,
    bounds: () => describeBounds(index, perField),
    exact: points !== undefined && isExactEquality(req, index.fields),
  };
}

function fullIndexScan(index: Index): Plan {
  const bounds: Document = {};
  index.fields.forEach((f) => (bounds[f] = ['[MinKey, MaxKey]']));
  return {
    kind: 'ixscan',
    index,
    points: undefined,
    ranges: [{ start: [], startInc: true, end: [], endInc: true }],
    reverse: false,
    servesSort: false,
    bounds: () => bounds,
    exact: false,
  };
}

/**
 * Whether the filter is nothing but equality / `$in` on `fields`, with values a
 * hash lookup compares exactly as mongod does (no collation): then every
 * candidate of the lookup matches and the filter need not be run again.
 */
export function isExactEquality(req: PlanRequest, fields: string[]): boolean {
  if (req.collation) {
    return false;
  }
  const keys = Object.keys(req.filter);
  if (keys.length !== fields.length || !keys.every((k) => fields.includes(k))) {
    return false;
  }
  return keys.every((k) => {
    const cond = req.filter[k];
    if (!isOperatorDoc(cond)) {
      return isHashable(cond);
    }
    const ops = Object.keys(cond);
    if (ops.length !== 1) {
      return false;
    }
    const arg = cond[ops[0] as string];
    return (ops[0] === '$eq' && isHashable(arg)) || (ops[0] === '$in' && Array.isArray(arg) && arg.every(isHashable));
  });
}

function cartesian(lists: unknown[][]): unknown[][] {
  let out: unknown[][] = [[]];
  for (const list of lists) {
    out = out.flatMap((pre) => list.map((v) => [...pre, v]));
  }
  return out;
}

export function choosePlan(coll: Collection | undefined, req: PlanRequest): Plan {
  const { text } = splitText(req.filter);
  if (text) {
    const index = coll?.textIndex;
    if (!index) {
      throw new MongoCommandError(ErrorCodes.IndexNotFound, 'text index required for $text query');
    }
    return { kind: 'text', index, query: text };
  }
  if (!coll) {
    return { kind: 'collscan', reverse: false };
  }
  if (req.hint !== undefined && req.hint !== null && req.hint !== '') {
    const hinted = findHinted(coll, req.hint);
    if (hinted === 'natural') {
      const dir = (req.hint as Document)['$natural'];
      return { kind: 'collscan', reverse: dir === -1 };
    }
    return indexPlan(hinted, req, true) ?? fullIndexScan(hinted);
  }
  const idBounds = boundsFor(req.filter, '_id', coll.idIndex, req.collation);
  if (idBounds?.points && !(isCaseInsensitive(req.collation) && idBounds.points.some((p) => typeof p === 'string'))) {
    return { kind: 'idhack', ids: idBounds.points, exact: isExactEquality(req, ['_id']) };
  }
  const candidates = [coll.idIndex, ...coll.indexes.values()]
    .filter((i) => !i.hidden && !i.special && !i.partial)
    .map((i) => indexPlan(i, req, false))
    .filter((p): p is Extract<Plan, { kind: 'ixscan' }> => p !== undefined);
  if (candidates.length <= 1) {
    return candidates[0] ?? { kind: 'collscan', reverse: false };
  }
  let best: Extract<Plan, { kind: 'ixscan' }> | undefined;
  let bestCost = Infinity;
  for (const plan of candidates) {
    let cost = estimate(coll, plan, Number.isFinite(bestCost) ? bestCost + 1 : coll.records.size + 1);
    if (req.sort && !plan.servesSort) {
      cost += cost / 4; // a blocking sort of what it examined
    } else if (req.sort && plan.servesSort && req.limit) {
      cost = Math.min(cost, req.limit * 4);
    }
    if (cost < bestCost) {
      best = plan;
      bestCost = cost;
    }
  }
  return best ?? { kind: 'collscan', reverse: false };
}
