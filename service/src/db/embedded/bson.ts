/**
 * BSON helpers: decoding with the options the server relies on, value keys for
 * hash indexes, and a Binary subclass that mingo can compare correctly.
 */
import {
  Binary,
  DBRef,
  Decimal128,
  Long,
  ObjectId,
  calculateObjectSize,
  deserialize,
  serialize,
  setInternalBufferSize,
  type DeserializeOptions,
} from 'bson';
import { cloneValue, setMark } from './number-types';
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

/**
 * Walk the raw BSON of a decoded document alongside the decoded value: replace
 * every Binary with a KeyedBinary and mark integral doubles and int64s (see
 * number-types.ts), which promoted decoding can't tell from int32s.
 */
function annotate(buf: Uint8Array, start: number, target: Record<string, unknown> | unknown[]): void {
  const end = start + readInt32(buf, start) - 1;
  let view: DataView | undefined; // only documents with doubles need one
  let p = start + 4;
  while (p < end) {
    const type = buf[p++] as number;
    const nameStart = p;
    while (buf[p] !== 0) {
      p++;
    }
    const nameEnd = p++;
    switch (type) {
      case 0x01: {
        view ??= new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
        const v = view.getFloat64(p, true);
        if (Number.isInteger(v)) {
          setMark(target, fieldName(buf, nameStart, nameEnd), 'd');
        }
        p += 8;
        break;
      }
      case 0x12: {
        const key = fieldName(buf, nameStart, nameEnd);
        if (typeof (target as Record<string, unknown>)[key] === 'number') {
          setMark(target, key, 'l');
        }
        p += 8;
        break;
      }
      case 0x03:
      case 0x04: {
        const key = fieldName(buf, nameStart, nameEnd);
        let child = (target as Record<string, unknown>)[key];
        if (child instanceof DBRef) {
          // Stored and queried as the plain {$ref, $id, $db} document it is in BSON.
          child = (target as Record<string, unknown>)[key] = plainDBRef(child);
        }
        if (child !== null && typeof child === 'object') {
          annotate(buf, p, child as Record<string, unknown>);
        }
        p += readInt32(buf, p);
        break;
      }
      case 0x05: {
        const key = fieldName(buf, nameStart, nameEnd);
        const v = (target as Record<string, unknown>)[key];
        if (v instanceof Binary && !(v instanceof KeyedBinary)) {
          (target as Record<string, unknown>)[key] = new KeyedBinary(v.buffer.subarray(0, v.position), v.sub_type);
        }
        p += 5 + readInt32(buf, p);
        break;
      }
      default:
        p = skipValue(buf, p, type);
    }
  }
}

function plainDBRef(ref: DBRef): Document {
  return { $ref: ref.collection, $id: ref.oid, ...(ref.db ? { $db: ref.db } : {}), ...ref.fields };
}

function readInt32(buf: Uint8Array, p: number): number {
  return (
    ((buf[p] as number) | ((buf[p + 1] as number) << 8) | ((buf[p + 2] as number) << 16)) +
    (buf[p + 3] as number) * 0x1000000
  );
}

const utf8 = new TextDecoder();

function fieldName(buf: Uint8Array, start: number, end: number): string {
  const length = end - start;
  if (length === 1 && (buf[start] as number) >= 0x30 && (buf[start] as number) <= 0x39) {
    return DIGITS[(buf[start] as number) - 0x30] as string; // array indices 0-9
  }
  // Short ASCII names (most of them) without a TextDecoder call and its subarray.
  if (length <= SHORT_NAME) {
    let name = '';
    for (let p = start; p < end; p++) {
      const c = buf[p] as number;
      if (c >= 0x80) {
        return utf8.decode(buf.subarray(start, end));
      }
      name += String.fromCharCode(c);
    }
    return name;
  }
  return utf8.decode(buf.subarray(start, end));
}

const SHORT_NAME = 12;
const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Offset just past the value of an element of `type` starting at `p`. */
function skipValue(buf: Uint8Array, p: number, type: number): number {
  switch (type) {
    case 0x02: // string
    case 0x0d: // code
    case 0x0e: // symbol
      return p + 4 + readInt32(buf, p);
    case 0x0f: // code with scope
      return p + readInt32(buf, p);
    case 0x0c: // DBPointer
      return p + 4 + readInt32(buf, p) + 12;
    case 0x07:
      return p + 12;
    case 0x08:
      return p + 1;
    case 0x09:
    case 0x11:
      return p + 8;
    case 0x10:
      return p + 4;
    case 0x13:
      return p + 16;
    case 0x0b: {
      while (buf[p] !== 0) {
        p++;
      }
      p++;
      while (buf[p] !== 0) {
        p++;
      }
      return p + 1;
    }
    default: // 0x06 undefined, 0x0a null, 0x7f/0xff max/min key
      return p;
  }
}

export function decode(buf: Uint8Array): Document {
  const doc = deserialize(buf, DESERIALIZE_OPTIONS);
  annotate(buf, 0, doc);
  return doc;
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

/** Deep copy of a document, keeping number types; immutable BSON values (ObjectId, Binary…) are shared. */
export function cloneDoc<T>(doc: T): T {
  return cloneValue(doc);
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
