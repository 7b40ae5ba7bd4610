/**
 * mingo operator contexts used by the server. Two reasons for our own contexts:
 * - mingo copies every operator table of a context for each new Query, so plain
 *   filters get a small query-only context (the expensive full one only when a
 *   filter uses `$expr` and friends);
 * - mingo's `$type` knows JavaScript types only; ours also knows BSON aliases
 *   ('objectId', 'binData', 'long', 'decimal', 'timestamp'…) and numeric codes.
 */
import { Binary, Code, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';
import { Context } from 'mingo/core';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import type { Options, QueryOperator } from 'mingo/types';
import { resolve } from 'mingo/util';
import { isPlainObject, type Document } from './types';

const INT32_MAX = 2 ** 31 - 1;
const INT32_MIN = -(2 ** 31);

const ALIASES: Record<string, number[]> = {
  double: [1],
  string: [2],
  object: [3],
  array: [4],
  binData: [5],
  undefined: [6],
  objectId: [7],
  bool: [8],
  date: [9],
  null: [10],
  regex: [11],
  javascript: [13],
  int: [16],
  timestamp: [17],
  long: [18],
  decimal: [19],
  minKey: [-1],
  maxKey: [127],
  number: [1, 16, 18, 19],
};

/** BSON type code of a decoded value (numbers: int32 if they serialize as int32, else double). */
export function bsonTypeCode(v: unknown): number {
  if (v === null) {
    return 10;
  }
  switch (typeof v) {
    case 'undefined':
      return 6;
    case 'string':
      return 2;
    case 'boolean':
      return 8;
    case 'number':
      return Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX && !Object.is(v, -0) ? 16 : 1;
    case 'bigint':
      return 18;
    case 'function':
    case 'symbol':
      return 13;
    case 'object':
      break;
  }
  if (Array.isArray(v)) {
    return 4;
  }
  if (v instanceof Date) {
    return 9;
  }
  if (v instanceof RegExp) {
    return 11;
  }
  if (v instanceof ObjectId) {
    return 7;
  }
  if (v instanceof Binary) {
    return 5;
  }
  if (v instanceof Timestamp) {
    return 17;
  }
  if (v instanceof Long) {
    return 18;
  }
  if (v instanceof Decimal128) {
    return 19;
  }
  if (v instanceof Double) {
    return 1;
  }
  if (v instanceof Int32) {
    return 16;
  }
  if (v instanceof MinKey) {
    return -1;
  }
  if (v instanceof MaxKey) {
    return 127;
  }
  if (v instanceof Code) {
    return 13;
  }
  return 3;
}

function wantedCodes(spec: unknown): Set<number> {
  const specs = Array.isArray(spec) ? (spec as unknown[]) : [spec];
  const out = new Set<number>();
  for (const s of specs) {
    if (typeof s === 'number') {
      out.add(s);
    } else if (typeof s === 'string' && ALIASES[s]) {
      for (const c of ALIASES[s]) {
        out.add(c);
      }
    } else {
      throw new Error(`Unknown type name alias: ${typeof s === 'string' ? s : JSON.stringify(s)}`);
    }
  }
  return out;
}

/** `$type` with BSON semantics: an array field matches 'array' or any element's type. */
function $type(selector: string, value: unknown): (obj: Document) => boolean {
  const wanted = wantedCodes(value);
  return (obj) => {
    const v: unknown = resolve(obj, selector, { unwrapArray: true });
    if (v === undefined) {
      return false;
    }
    if (wanted.has(bsonTypeCode(v))) {
      return true;
    }
    return Array.isArray(v) && v.some((el) => wanted.has(bsonTypeCode(el)));
  };
}

// mingo's operator signature type is derived from its own exports; ours has the same shape.
const QUERY_OPS: Record<string, QueryOperator> = { ...queryOperators, $type: $type as unknown as QueryOperator };

export const QUERY_CONTEXT = Context.init({ query: QUERY_OPS });
export const FULL_CONTEXT = Context.init({
  accumulator: accumulatorOperators,
  expression: expressionOperators,
  pipeline: pipelineOperators,
  projection: projectionOperators,
  query: QUERY_OPS,
  window: windowOperators,
});

/** Script operators ($where, $function, $accumulator) stay off: filters come from the network. */
export const QUERY_OPTIONS: Partial<Options> = { scriptEnabled: false, context: QUERY_CONTEXT };
export const FULL_OPTIONS: Partial<Options> = { scriptEnabled: false, context: FULL_CONTEXT };

/** Whether a filter needs expression operators ($expr, $jsonSchema…), i.e. the full context. */
export function needsExpressions(v: unknown): boolean {
  if (Array.isArray(v)) {
    return v.some(needsExpressions);
  }
  if (!isPlainObject(v)) {
    return false;
  }
  for (const [k, x] of Object.entries(v)) {
    if (k === '$expr' || k === '$jsonSchema' || k === '$where' || k === '$function') {
      return true;
    }
    if (x !== null && typeof x === 'object' && needsExpressions(x)) {
      return true;
    }
  }
  return false;
}
