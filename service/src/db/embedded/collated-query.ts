/**
 * Query comparisons under a collation. mingo compares strings by code unit, so a
 * filter run with a collation has its string comparisons ($eq, $ne, $in, $nin,
 * $gt, $gte, $lt, $lte and implicit equality) rewritten into `$collated`, an
 * operator of our mingo context that compares strings with an `Intl.Collator`
 * for the collation (case- and accent-insensitive at strengths 1 and 2).
 */
import type { Options } from 'mingo/types';
import { isEqual, resolve } from 'mingo/util';
import type { Collation } from './collation';
import { isPlainObject, type Document } from './types';

type Op = '$eq' | '$ne' | '$in' | '$nin' | '$gt' | '$gte' | '$lt' | '$lte';
const REWRITTEN = new Set<string>(['$eq', '$ne', '$in', '$nin', '$gt', '$gte', '$lt', '$lte']);

interface CollatedArg {
  op: Op;
  value: unknown;
  collator: Intl.Collator;
}

const collators = new Map<string, Intl.Collator>();

export function collatorFor(collation: Collation): Intl.Collator {
  const key = JSON.stringify(collation);
  let collator = collators.get(key);
  if (!collator) {
    const sensitivity = collation.strength === 1 ? 'base' : collation.strength === 2 ? 'accent' : 'variant';
    collator = new Intl.Collator(collation.locale, {
      sensitivity: collation.caseLevel && collation.strength <= 2 ? 'case' : sensitivity,
      numeric: collation.numericOrdering,
      caseFirst: collation['caseFirst'] === 'upper' ? 'upper' : collation['caseFirst'] === 'lower' ? 'lower' : 'false',
      ignorePunctuation: collation['alternate'] === 'shifted',
    });
    collators.set(key, collator);
  }
  return collator;
}

function equalUnder(collator: Intl.Collator, a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') {
    return collator.compare(a, b) === 0;
  }
  return isEqual(a, b);
}

/** Test one candidate value (a field value or one element of an array field). */
function test(arg: CollatedArg, v: unknown): boolean {
  const { op, value, collator } = arg;
  switch (op) {
    case '$eq':
    case '$ne':
      return equalUnder(collator, v, value);
    case '$in':
    case '$nin':
      return (value as unknown[]).some((x) => equalUnder(collator, v, x));
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      if (typeof v !== 'string' || typeof value !== 'string') {
        return false;
      }
      const c = collator.compare(v, value);
      return op === '$gt' ? c > 0 : op === '$gte' ? c >= 0 : op === '$lt' ? c < 0 : c <= 0;
    }
  }
}

/** The `$collated` query operator (see the module comment). */
export function $collated(selector: string, arg: unknown, _options: Options): (obj: Document) => boolean {
  const a = arg as CollatedArg;
  const negated = a.op === '$ne' || a.op === '$nin';
  return (obj) => {
    const v: unknown = resolve(obj, selector, { unwrapArray: true });
    const candidates = Array.isArray(v) ? [v, ...(v as unknown[])] : [v];
    const hit = candidates.some((c) => test(a, c));
    return negated ? !hit : hit;
  };
}

function hasString(v: unknown): boolean {
  return typeof v === 'string' || (Array.isArray(v) && v.some((x) => typeof x === 'string'));
}

function rewriteCondition(cond: unknown, collator: Intl.Collator): unknown[] {
  if (typeof cond === 'string') {
    return [{ $collated: { op: '$eq', value: cond, collator } }];
  }
  if (!isPlainObject(cond) || !Object.keys(cond).some((k) => k.startsWith('$'))) {
    return [cond];
  }
  const rest: Document = {};
  const collated: unknown[] = [];
  for (const [op, value] of Object.entries(cond)) {
    if (REWRITTEN.has(op) && hasString(value)) {
      collated.push({ $collated: { op, value, collator } });
    } else {
      rest[op] = value;
    }
  }
  return Object.keys(rest).length ? [rest, ...collated] : collated;
}

/** Rewrite a filter's string comparisons to compare under `collation`. */
export function applyCollation(filter: Document, collation: Collation): Document {
  const collator = collatorFor(collation);
  const out: Document = {};
  const extra: Document[] = [];
  for (const [k, v] of Object.entries(filter)) {
    if ((k === '$and' || k === '$or' || k === '$nor') && Array.isArray(v)) {
      out[k] = (v as unknown[]).map((f) => (isPlainObject(f) ? applyCollation(f, collation) : f));
    } else if (k.startsWith('$')) {
      out[k] = v;
    } else {
      const [first, ...more] = rewriteCondition(v, collator);
      out[k] = first;
      extra.push(...more.map((c) => ({ [k]: c })));
    }
  }
  if (extra.length) {
    out['$and'] = [...((out['$and'] as unknown[] | undefined) ?? []), ...extra];
  }
  return out;
}
