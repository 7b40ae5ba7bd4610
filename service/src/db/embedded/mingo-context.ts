/**
 * mingo operator contexts used by the server. Two reasons for our own contexts:
 * - mingo copies every operator table of a context for each new Query, so plain
 *   filters get a small query-only context (the expensive full one only when a
 *   filter uses `$expr` and friends);
 * - mingo's `$type` knows JavaScript types only; ours knows BSON types, their
 *   aliases ('objectId', 'binData', 'long', 'decimal'…) and numeric codes, and the
 *   stored number types (number-types.ts).
 */
import { Context } from 'mingo/core';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import type { Options, QueryOperator } from 'mingo/types';
import { $bitsAllClear, $bitsAllSet, $bitsAnyClear, $bitsAnySet } from './bitwise-query';
import { $collated } from './collated-query';
import { markOf } from './number-types';
import { bsonTypeCode, visitPath, wantedTypeCodes } from './type-names';
import { isPlainObject, type Document } from './types';

/** `$type` with BSON semantics: an array field matches 'array' or any element's type. */
function $type(selector: string, value: unknown): (obj: Document) => boolean {
  const wanted = wantedTypeCodes(value);
  const parts = selector.split('.');
  return (obj) => {
    let found = false;
    visitPath(obj, parts, (v, mark) => {
      if (found || v === undefined) {
        return;
      }
      if (wanted.has(bsonTypeCode(v, mark))) {
        found = true;
      } else if (Array.isArray(v)) {
        found = v.some((el, i) => wanted.has(bsonTypeCode(el, markOf(v, String(i)))));
      }
    });
    return found;
  };
}

/**
 * `$all` as mongod has it: each value must equal the field or one of its
 * elements (so `{v: {$all: [4]}}` matches `v: 4`), `$elemMatch` entries apply to
 * the elements; an empty list matches nothing.
 */
function $all(selector: string, values: unknown, options: Options): (obj: Document) => boolean {
  if (!Array.isArray(values)) {
    throw new Error('$all needs an array');
  }
  const eq = queryOperators.$eq;
  const elemMatch = queryOperators.$elemMatch as unknown as QueryFn;
  const tests = values.map((v: unknown) =>
    isPlainObject(v) && '$elemMatch' in v ? elemMatch(selector, v['$elemMatch'], options) : eq(selector, v, options),
  );
  return (obj) => tests.length > 0 && tests.every((t) => t(obj));
}

type QueryFn = (selector: string, value: unknown, options: Options) => (obj: Document) => boolean;

// mingo's operator signature type is derived from its own exports; ours has the same shape.
const QUERY_OPS: Record<string, QueryOperator> = {
  ...queryOperators,
  $type: $type as unknown as QueryOperator,
  $collated: $collated,
  $all: $all,
  $bitsAllSet: $bitsAllSet,
  $bitsAnySet: $bitsAnySet,
  $bitsAllClear: $bitsAllClear,
  $bitsAnyClear: $bitsAnyClear,
};

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
