/**
 * BSON number types in decoded documents.
 *
 * Numbers are held as JS numbers so mingo can compare them, but JS has no int32 /
 * double / int64 distinction: 42.0 (double) and 42 (int32) are the same number,
 * and bson serializes every integral number as int32. So an integral double or an
 * int64 is recorded in a hidden mark on its container (object or array), and the
 * container gets a non-enumerable `toBSON` that bson calls when serializing: it
 * hands back a copy with those numbers wrapped as `Double` / `Long`. Documents thus
 * store and return the types that were written.
 */
import { Decimal128, Double, Long } from 'bson';
import { isPlainObject } from './types';

const MARKS = Symbol('bsonNumberKinds');

/** 'd': a BSON double; 'l': a BSON int64 (JS number values only). */
export type NumberMark = 'd' | 'l';
export type NumberKind = 'int' | 'long' | 'double' | 'decimal';
type Container = Record<string, unknown> | unknown[];
type Marks = Record<string, NumberMark>;

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

function marksOf(container: object): Marks | undefined {
  return (container as { [MARKS]?: Marks })[MARKS];
}

function toBSON(this: Container): Container {
  const marks = marksOf(this) ?? {};
  const copy: Container = Array.isArray(this) ? this.slice() : { ...this };
  for (const key of Object.keys(marks)) {
    const v = (copy as Record<string, unknown>)[key];
    if (typeof v !== 'number') {
      continue;
    }
    const mark = marks[key];
    (copy as Record<string, unknown>)[key] =
      mark === 'd' ? new Double(v) : Number.isInteger(v) ? Long.fromNumber(v) : new Double(v);
  }
  return copy;
}

/** Record that `container[key]` is a BSON double or int64. */
export function setMark(container: object, key: string, mark: NumberMark): void {
  let marks = marksOf(container);
  if (!marks) {
    marks = {};
    Object.defineProperty(container, MARKS, { value: marks, enumerable: false, writable: true });
    Object.defineProperty(container, 'toBSON', { value: toBSON, enumerable: false, writable: true });
  }
  marks[key] = mark;
}

export function clearMark(container: object, key: string): void {
  const marks = marksOf(container);
  if (marks && key in marks) {
    delete marks[key];
  }
}

export function markOf(container: object, key: string): NumberMark | undefined {
  return marksOf(container)?.[key];
}

/** Whether a JS number serializes as int32 by default. */
function isInt32(v: number): boolean {
  return Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX && !Object.is(v, -0);
}

/** The BSON numeric type of a value held at `container[key]`, or undefined for non-numbers. */
export function numberKind(value: unknown, mark?: NumberMark): NumberKind | undefined {
  if (typeof value === 'number') {
    if (mark === 'd') {
      return 'double';
    }
    if (mark === 'l' && Number.isInteger(value)) {
      return 'long';
    }
    return isInt32(value) ? 'int' : 'double';
  }
  if (value instanceof Long || typeof value === 'bigint') {
    return 'long';
  }
  if (value instanceof Decimal128) {
    return 'decimal';
  }
  if (value instanceof Double) {
    return 'double';
  }
  return undefined;
}

/** Store `value` of `kind` at `container[key]`, keeping its BSON type. */
export function putNumber(container: Container, key: string, value: number, kind: 'int' | 'long' | 'double'): void {
  (container as Record<string, unknown>)[key] = value;
  if (kind === 'long') {
    setMark(container, key, 'l');
  } else if (kind === 'double' && Number.isInteger(value)) {
    setMark(container, key, 'd'); // else bson would write an integral number as int32
  } else {
    clearMark(container, key);
  }
}

/** A shallow copy of an object or array that keeps its number marks. */
export function copyContainer<T extends Container>(source: T): T {
  const copy = (Array.isArray(source) ? source.slice() : { ...source }) as T;
  const marks = marksOf(source);
  if (marks) {
    for (const [k, m] of Object.entries(marks)) {
      setMark(copy, k, m);
    }
  }
  return copy;
}

/** Deep copy of a value; number marks are kept, immutable BSON values (ObjectId, Binary…) shared. */
export function cloneValue<T>(value: T): T {
  if (Array.isArray(value)) {
    const copy = copyContainer(value);
    for (let i = 0; i < copy.length; i++) {
      const v: unknown = copy[i];
      if (v !== null && typeof v === 'object') {
        copy[i] = cloneValue(v);
      }
    }
    return copy as T;
  }
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = copyContainer(value);
    for (const k of Object.keys(copy)) {
      const v = copy[k];
      if (v !== null && typeof v === 'object') {
        copy[k] = cloneValue(v);
      }
    }
    return copy as T;
  }
  if (value instanceof Date) {
    return new Date(value.getTime()) as T;
  }
  return value;
}
