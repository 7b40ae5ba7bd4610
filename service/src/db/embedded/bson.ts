/**
 * BSON helpers: decoding with the options the server relies on, value keys for
 * hash indexes, and a Binary subclass that mingo can compare correctly.
 */
import {
  Binary,
  Decimal128,
  Long,
  ObjectId,
  calculateObjectSize,
  deserialize,
  serialize,
  setInternalBufferSize,
  type DeserializeOptions,
} from 'bson';
import { cloneDeep } from 'mingo/util';
import { isPlainObject, toText, type Document } from './types';

/**
 * mingo compares non-plain objects through `toString()`. `Binary#toString()` is a
 * lossy UTF-8 decode, so two different binaries could compare equal. This subclass
 * renders a total-order key (length, subtype, bytes — MongoDB's BinData order) and
 * still serializes as an ordinary BSON Binary.
 */
export class KeyedBinary extends Binary {
  override toString(encoding?: 'hex' | 'base64' | 'utf8' | 'utf-8'): string {
    if (encoding !== undefined) {
      return super.toString(encoding);
    }
    const len = this.position.toString(16).padStart(8, '0');
    const sub = this.sub_type.toString(16).padStart(2, '0');
    return `${len}${sub}${super.toString('hex')}`;
  }
}

// Numbers stay numbers (int32/double/safe int64); Long only beyond 2^53.
const DESERIALIZE_OPTIONS: DeserializeOptions = { promoteValues: true, promoteLongs: true, promoteBuffers: false };

/** Replace every Binary in a decoded value with a KeyedBinary, in place. */
export function normalize(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    return value;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (v !== null && typeof v === 'object') {
        value[i] = normalize(v);
      }
    }
    return value;
  }
  if (value instanceof Binary) {
    return value instanceof KeyedBinary
      ? value
      : new KeyedBinary(value.buffer.subarray(0, value.position), value.sub_type);
  }
  if (isPlainObject(value)) {
    for (const k of Object.keys(value)) {
      const v = value[k];
      if (v !== null && typeof v === 'object') {
        value[k] = normalize(v);
      }
    }
  }
  return value;
}

export function decode(buf: Uint8Array): Document {
  return normalize(deserialize(buf, DESERIALIZE_OPTIONS)) as Document;
}

/**
 * bson serializes into one shared 17 MiB buffer and silently cuts off whatever
 * does not fit. Any result that came near that size is checked against the
 * computed size and redone in a large enough buffer, so the bytes returned are
 * always the whole document (or this throws): a record that would not round-trip
 * is never written.
 */
const SHARED_BUFFER_GUARD = 16 * 1024 * 1024;

export function encode(doc: Document): Buffer {
  let bytes: Uint8Array;
  try {
    bytes = serialize(doc);
  } catch (err) {
    // Past the end of the shared buffer bson may also throw instead of cutting off.
    if (!(err instanceof RangeError)) {
      throw err;
    }
    bytes = serializeLarge(doc);
  }
  if (bytes.length >= SHARED_BUFFER_GUARD) {
    bytes = serializeLarge(doc, bytes);
  }
  // In Node bson already allocates Buffers; wrap without copying otherwise.
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Serialize with a shared buffer large enough for `doc`, checking the result's length. */
function serializeLarge(doc: Document, first?: Uint8Array): Uint8Array {
  const expected = calculateObjectSize(doc);
  let bytes = first;
  if (bytes?.length !== expected) {
    setInternalBufferSize(expected + 1);
    bytes = serialize(doc);
  }
  if (bytes.length !== expected) {
    throw new Error(`BSON serialization produced ${bytes.length} bytes instead of ${expected}`);
  }
  return bytes;
}

/** Deep copy of a document; immutable BSON values (ObjectId, Binary…) are shared. */
export function cloneDoc<T>(doc: T): T {
  return cloneDeep(doc);
}

export type CollationSpec = { locale: string; strength?: number; caseLevel?: boolean };

/** Folding applied to strings for indexes with a case-insensitive collation. */
export function collationFolder(collation: CollationSpec | undefined): ((s: string) => string) | undefined {
  if (!collation || collation.locale === 'simple') {
    return undefined;
  }
  const strength = collation.strength ?? 3;
  if (strength >= 3 || collation.caseLevel) {
    return undefined;
  }
  if (strength === 2) {
    return (s) => s.normalize('NFC').toLocaleLowerCase(collation.locale);
  }
  return (s) => s.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase(collation.locale);
}

/**
 * Canonical string for a BSON value such that two values are equal in MongoDB's
 * equality sense (for the types we support) iff their keys are equal. Used as the
 * hash key of indexes and of the `_id` map. `null` and missing share a key, as in
 * MongoDB indexes.
 */
export function valueKey(v: unknown, fold?: (s: string) => string): string {
  if (v === undefined || v === null) {
    return '\u0000';
  }
  switch (typeof v) {
    case 'string':
      return 's' + (fold ? fold(v) : v);
    case 'number':
      return 'n' + (Object.is(v, -0) ? '0' : String(v));
    case 'boolean':
      return v ? 'b1' : 'b0';
    case 'bigint':
      return 'n' + v.toString();
    case 'undefined':
    case 'object':
    case 'function':
    case 'symbol':
      break;
  }
  if (v instanceof ObjectId) {
    return 'o' + v.toHexString();
  }
  if (v instanceof Date) {
    return 'd' + v.getTime();
  }
  if (v instanceof Binary) {
    return 'B' + v.sub_type + ':' + v.toString('hex');
  }
  if (v instanceof Long) {
    return 'n' + v.toString();
  }
  if (v instanceof Decimal128) {
    return 'n' + v.toString();
  }
  if (v instanceof RegExp) {
    return 'r' + v.source + '/' + v.flags;
  }
  if (Array.isArray(v)) {
    return '[' + v.map((x) => valueKey(x, fold)).join(',') + ']';
  }
  if (isPlainObject(v)) {
    let out = '{';
    for (const k of Object.keys(v)) {
      out += JSON.stringify(k) + ':' + valueKey(v[k], fold) + ',';
    }
    return out + '}';
  }
  const bsontype = (v as { _bsontype?: unknown })._bsontype;
  return 'x' + toText(bsontype) + ':' + toText(v);
}

/** Render a value the way mongod prints it in duplicate-key messages. */
export function formatValue(v: unknown): string {
  if (v === undefined || v === null) {
    return 'null';
  }
  if (typeof v === 'string') {
    return JSON.stringify(v);
  }
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') {
    return String(v);
  }
  if (v instanceof ObjectId) {
    return `ObjectId('${v.toHexString()}')`;
  }
  if (v instanceof Date) {
    return `new Date(${v.getTime()})`;
  }
  if (v instanceof Binary) {
    return `BinData(${v.sub_type}, ${v.toString('hex').toUpperCase()})`;
  }
  if (Array.isArray(v)) {
    return '[ ' + v.map(formatValue).join(', ') + ' ]';
  }
  if (isPlainObject(v)) {
    const parts = Object.keys(v).map((k) => `${k}: ${formatValue(v[k])}`);
    return parts.length ? '{ ' + parts.join(', ') + ' }' : '{}';
  }
  return toText(v);
}
