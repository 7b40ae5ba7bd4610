/**
 * BSON types of decoded values: numeric codes, `$type` aliases and the type names
 * mongod puts in its error messages. Numbers use their stored marks
 * (number-types.ts) to tell double, int32 and int64 apart.
 */
import { Binary, Code, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';
import { markOf, numberKind, type NumberMark } from './number-types';
import { isPlainObject } from './types';

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

const NAMES = new Map<number, string>(
  Object.entries(ALIASES)
    .filter(([name]) => name !== 'number')
    .map(([name, codes]) => [codes[0] as number, name]),
);

/** BSON type code of a decoded value with its number mark. */
export function bsonTypeCode(v: unknown, mark?: NumberMark): number {
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
    case 'number': {
      const kind = numberKind(v, mark);
      return kind === 'long' ? 18 : kind === 'int' ? 16 : 1;
    }
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

/** mongod's name for the type of a value ('int', 'string', 'objectId'…), for error messages. */
export function typeName(v: unknown, mark?: NumberMark): string {
  if (v === undefined) {
    return 'missing';
  }
  return NAMES.get(bsonTypeCode(v, mark)) ?? 'object';
}

/** The type codes a `$type` argument (alias, code, or an array of them) stands for. */
export function wantedTypeCodes(spec: unknown): Set<number> {
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

/**
 * Visit the values a dotted path reaches, with MongoDB's array traversal (a field
 * name applies to each element of an array on the way), passing each value's
 * number mark and container.
 */
export function visitPath(
  value: unknown,
  parts: readonly string[],
  visit: (v: unknown, mark: NumberMark | undefined, container: object) => void,
  i = 0,
): void {
  const part = parts[i] as string;
  const last = i === parts.length - 1;
  if (Array.isArray(value)) {
    if (/^\d+$/.test(part)) {
      const v: unknown = value[Number(part)];
      if (last) {
        visit(v, markOf(value, part), value);
      } else {
        visitPath(v, parts, visit, i + 1);
      }
    }
    for (const el of value) {
      if (isPlainObject(el)) {
        visitPath(el, parts, visit, i);
      }
    }
    return;
  }
  if (!isPlainObject(value)) {
    return;
  }
  const v = value[part];
  if (last) {
    visit(v, markOf(value, part), value);
  } else {
    visitPath(v, parts, visit, i + 1);
  }
}
