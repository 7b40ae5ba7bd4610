/**
 * Order-preserving keys for index entries: each BSON value becomes a string whose
 * plain string order is MongoDB's comparison order — type brackets first (MinKey
 * < null < numbers < strings < objects < arrays < binData < ObjectId < bool <
 * date < timestamp < regex < MaxKey), then the value. Numbers of every type share
 * one bracket and compare by value. Index range scans and index-served sorts run
 * on these keys; equality lookups use the hash keys of bson.ts#valueKey.
 */
import { Binary, Decimal128, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';
import { isPlainObject } from './types';

export const Bracket = {
  minKey: '\u0001',
  null: '\u0002',
  number: '\u0003',
  string: '\u0004',
  object: '\u0005',
  array: '\u0006',
  binData: '\u0007',
  objectId: '\u0008',
  bool: '\u0009',
  date: '\u000a',
  timestamp: '\u000b',
  regex: '\u000c',
  maxKey: '\u007f',
} as const;

/** Sorts after every key of a bracket (values never contain U+FFFF at their start). */
export const BRACKET_END = '\uffff';

const scratch = new DataView(new ArrayBuffer(8));

/** A double as 16 hex digits whose string order is numeric order (NaN lowest, -0 = 0). */
export function encodeDouble(x: number): string {
  if (Number.isNaN(x)) {
    return '0000000000000000';
  }
  scratch.setFloat64(0, x === 0 ? 0 : x);
  let hi = scratch.getUint32(0);
  let lo = scratch.getUint32(4);
  if (hi & 0x80000000) {
    hi = ~hi >>> 0;
    lo = ~lo >>> 0;
  } else {
    hi = (hi | 0x80000000) >>> 0;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number') {
    return v;
  }
  if (typeof v === 'bigint' || v instanceof Long || v instanceof Decimal128) {
    return Number(v.toString());
  }
  return undefined;
}

/** The bracket a value sorts in. */
export function bracketOf(v: unknown): string {
  if (v === undefined || v === null) {
    return Bracket.null;
  }
  if (numberOf(v) !== undefined) {
    return Bracket.number;
  }
  if (typeof v === 'string') {
    return Bracket.string;
  }
  if (typeof v === 'boolean') {
    return Bracket.bool;
  }
  if (v instanceof Date) {
    return Bracket.date;
  }
  if (v instanceof ObjectId) {
    return Bracket.objectId;
  }
  if (v instanceof Binary) {
    return Bracket.binData;
  }
  if (v instanceof Timestamp) {
    return Bracket.timestamp;
  }
  if (v instanceof RegExp) {
    return Bracket.regex;
  }
  if (v instanceof MinKey) {
    return Bracket.minKey;
  }
  if (v instanceof MaxKey) {
    return Bracket.maxKey;
  }
  if (Array.isArray(v)) {
    return Bracket.array;
  }
  return Bracket.object;
}

/** The order-preserving key of one value; `fold` applies an index collation to strings. */
export function sortKey(v: unknown, fold?: (s: string) => string): string {
  const bracket = bracketOf(v);
  switch (bracket) {
    case Bracket.null:
    case Bracket.minKey:
    case Bracket.maxKey:
      return bracket;
    case Bracket.number:
      return bracket + encodeDouble(numberOf(v) as number);
    case Bracket.string:
      return bracket + (fold ? fold(v as string) : (v as string));
    case Bracket.bool:
      return bracket + (v ? '1' : '0');
    case Bracket.date:
      return bracket + encodeDouble((v as Date).getTime());
    case Bracket.objectId:
      return bracket + (v as ObjectId).toHexString();
    case Bracket.binData: {
      const b = v as Binary;
      return (
        bracket +
        b.position.toString(16).padStart(8, '0') +
        b.sub_type.toString(16).padStart(2, '0') +
        b.toString('hex')
      );
    }
    case Bracket.timestamp: {
      const t = v as Timestamp;
      return bracket + t.high.toString(16).padStart(8, '0') + t.low.toString(16).padStart(8, '0');
    }
    case Bracket.regex:
      return bracket + (v as RegExp).source + '\u0000' + (v as RegExp).flags;
    case Bracket.array:
      return bracket + (v as unknown[]).map((x) => sortKey(x, fold)).join('\u0000');
    default: {
      const obj = isPlainObject(v) ? v : {};
      return (
        bracket +
        Object.keys(obj)
          .map((k) => `${k}\u0000${sortKey(obj[k], fold)}`)
          .join('\u0000')
      );
    }
  }
}
