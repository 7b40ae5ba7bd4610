/**
 * The hot read straight from the wire: an OP_MSG `find` that can be a point find (see
 * `commands/point-find.ts`) read from the message's bytes by one pass over the command's top-level
 * fields, decoding only what a point find uses (the collection, the filter's one field and value,
 * limit, batchSize, singleBatch, `$db`). The fields the driver sends on every command are skipped:
 * `lsid` is decoded only if a cursor stays open, `$readPreference`, `readConcern`, `maxTimeMS` and
 * `comment` never (a point find ignores them, as the `find` handler does).
 *
 * Whatever it is not sure of answers undefined, and the message takes the general path, which
 * decodes it whole and gives the reference answer (errors included): another command or field, a
 * value type not read here, a checksum, moreToCome, document sequences, a repeated field, or BSON
 * whose lengths or terminators do not hold.
 */
import { isUtf8 } from 'node:buffer';
import { ObjectId } from 'bson';
import { decode } from './bson';
import { isCount, type PointFind } from './commands/point-find';
import { MAX_INTERNAL_BSON_SIZE } from './limits';
import { isPlainObject, toText } from './types';
import { HEADER_SIZE, OP_MSG } from './wire';

/** A point find read from a message; its session key is decoded from the message when first asked for. */
export class ScannedPointFind implements PointFind {
  private sessionKey: string | undefined | null = null;

  constructor(
    readonly db: string,
    readonly collection: string,
    readonly field: string,
    readonly value: unknown,
    readonly limit: number,
    readonly batchSize: number | undefined,
    readonly singleBatch: boolean,
    private readonly message: Buffer,
    /** Offset of the `lsid` document in the message, or -1. */
    private readonly lsidAt: number,
  ) {}

  /** The logical session's key, as `CommandContext.lsid` renders it. */
  get lsid(): string | undefined {
    if (this.sessionKey === null) {
      this.sessionKey = undefined;
      if (this.lsidAt >= 0) {
        const size = int32(this.message, this.lsidAt);
        const lsid = decode(this.message.subarray(this.lsidAt, this.lsidAt + size));
        this.sessionKey = isPlainObject(lsid) && lsid['id'] !== undefined ? toText(lsid['id']) : undefined;
      }
    }
    return this.sessionKey;
  }
}

// BSON element types read or skipped here.
const DOUBLE = 0x01;
const STRING = 0x02;
const DOCUMENT = 0x03;
const ARRAY = 0x04;
const BINARY = 0x05;
const OBJECT_ID = 0x07;
const BOOLEAN = 0x08;
const DATE = 0x09;
const NULL = 0x0a;
const INT32 = 0x10;
const TIMESTAMP = 0x11;
const INT64 = 0x12;
const DECIMAL128 = 0x13;

/** The top-level fields a point find may carry (`POINT_FIND_FIELDS`), each with its bit. */
const FIND = 1;
const FILTER = 2;
const LIMIT = 4;
const BATCH_SIZE = 8;
const SINGLE_BATCH = 16;
const LSID = 32;
const DB = 64;
const IGNORED = 0; // read preference, read concern, maxTimeMS, comment: a point find does not use them
const FIELDS: ReadonlyArray<readonly [Uint8Array, number]> = [
  ['find', FIND],
  ['filter', FILTER],
  ['limit', LIMIT],
  ['batchSize', BATCH_SIZE],
  ['singleBatch', SINGLE_BATCH],
  ['lsid', LSID],
  ['$db', DB],
  ['$readPreference', IGNORED],
  ['readConcern', IGNORED],
  ['maxTimeMS', IGNORED],
  ['comment', IGNORED],
].map(([name, bit]) => [Buffer.from(name as string, 'latin1'), bit as number] as const);

/** The allowed fields by the length of their name. */
const FIELDS_BY_LENGTH: Array<Array<readonly [Uint8Array, number]> | undefined> = [];
for (const field of FIELDS) {
  (FIELDS_BY_LENGTH[field[0].length] ??= []).push(field);
}

/** Fields that, repeated, would leave the decoded command with a value other than the one read here. */
const READ_FIELDS = FIND | FILTER | LIMIT | BATCH_SIZE | SINGLE_BATCH | LSID | DB;

/**
 * The point find an OP_MSG asks for, read from its bytes; undefined when the message is anything
 * else or anything this pass does not read exactly as the general decoder would.
 */
export function scanPointFind(msg: Buffer): ScannedPointFind | undefined {
  const body = HEADER_SIZE + 5; // flags, then section kind 0
  if (
    msg.length < body + 5 ||
    int32(msg, 12) !== OP_MSG ||
    (int32(msg, HEADER_SIZE) & 0xffff) !== 0 || // no checksum, no moreToCome, no unknown required bit
    msg[HEADER_SIZE + 4] !== 0
  ) {
    return undefined;
  }
  const size = int32(msg, body);
  // One body section and nothing else (document sequences take the general path).
  if (body + size !== msg.length || size > MAX_INTERNAL_BSON_SIZE || msg[msg.length - 1] !== 0) {
    return undefined;
  }
  const end = msg.length - 1;
  let seen = 0;
  let collection: string | undefined;
  let db = 'admin';
  let filterAt = -1;
  let lsidAt = -1;
  let limit: number | undefined = 0;
  let batchSize: number | undefined;
  let singleBatch: boolean | undefined = false;
  let p = body + 4;
  while (p < end) {
    const type = msg[p] as number;
    const nameStart = p + 1;
    let nameEnd = nameStart;
    while (nameEnd < end && msg[nameEnd] !== 0) {
      nameEnd++;
    }
    const valueAt = nameEnd + 1;
    const next = valueEnd(msg, valueAt, type, end);
    if (next < 0) {
      return undefined;
    }
    const bit = fieldBit(msg, nameStart, nameEnd);
    // The command's name comes first; every field must be one a point find allows, and read once.
    if (bit < 0 || (seen === 0) !== (bit === FIND) || (bit & seen & READ_FIELDS) !== 0) {
      return undefined;
    }
    seen |= bit;
    switch (bit) {
      case FIND:
        collection = type === STRING ? lastCollection.readString(msg, valueAt) : undefined;
        break;
      case FILTER:
        filterAt = type === DOCUMENT ? valueAt : -1;
        break;
      case LIMIT:
        limit = type === NULL ? 0 : numberAt(msg, valueAt, type);
        break;
      case BATCH_SIZE:
        batchSize = numberAt(msg, valueAt, type);
        break;
      case SINGLE_BATCH:
        singleBatch = type === NULL ? false : type === BOOLEAN ? booleanAt(msg, valueAt) : undefined;
        break;
      case LSID:
        if (type !== DOCUMENT) {
          return undefined;
        }
        lsidAt = valueAt;
        break;
      case DB:
        // A `$db` of another type means admin, as in `parseOpMsg`.
        if (type === STRING) {
          db = lastDb.readString(msg, valueAt);
        }
        break;
      default:
        break;
    }
    p = next;
  }
  if (
    p !== end ||
    collection === undefined ||
    filterAt < 0 ||
    limit === undefined ||
    !isCount(limit) ||
    ((seen & BATCH_SIZE) !== 0 && (batchSize === undefined || !isCount(batchSize))) ||
    singleBatch === undefined
  ) {
    return undefined;
  }
  // The filter: exactly one field, not an operator, whose value is one read here.
  const filterEnd = filterAt + int32(msg, filterAt) - 1;
  const type = msg[filterAt + 4] as number;
  const nameStart = filterAt + 5;
  let nameEnd = nameStart;
  while (nameEnd < filterEnd && msg[nameEnd] !== 0) {
    nameEnd++;
  }
  const valueAt = nameEnd + 1;
  if (valueEnd(msg, valueAt, type, filterEnd) !== filterEnd || msg[nameStart] === 0x24 /* $ */) {
    return undefined;
  }
  const field = lastField.read(msg, nameStart, nameEnd);
  const value = pointValueAt(msg, valueAt, type);
  if (field === '__proto__' || value === undefined) {
    return undefined;
  }
  return new ScannedPointFind(db, collection, field, value, limit, batchSize, singleBatch, msg, lsidAt);
}

/** The bit of the allowed top-level field named by `msg[start, end)`, or -1. */
function fieldBit(msg: Buffer, start: number, end: number): number {
  const candidates = FIELDS_BY_LENGTH[end - start];
  if (candidates) {
    for (const [name, bit] of candidates) {
      if (sameBytes(msg, start, name)) {
        return bit;
      }
    }
  }
  return -1;
}

function sameBytes(msg: Buffer, start: number, name: Uint8Array): boolean {
  for (let i = 0; i < name.length; i++) {
    if (msg[start + i] !== name[i]) {
      return false;
    }
  }
  return true;
}

/**
 * Offset just past the value of type `type` at `p` (within `end`, the offset of the enclosing
 * document's terminator), or -1 unless the BSON decoder would read it without an error (lengths,
 * terminators, booleans, UTF-8) and it is of a type handled here. Nested documents are checked whole.
 */
function valueEnd(msg: Buffer, p: number, type: number, end: number, depth = 0): number {
  let next: number;
  switch (type) {
    case STRING: {
      const length = p + 4 <= end ? int32(msg, p) : 0;
      next = length > 0 ? p + 4 + length : -1;
      return next > 0 && next <= end && msg[next - 1] === 0 && isUtf8Text(msg, p + 4, next - 1) ? next : -1;
    }
    case DOCUMENT:
    case ARRAY:
      return depth < MAX_DEPTH ? documentEnd(msg, p, end, depth + 1) : -1;
    case BINARY: {
      const length = p + 4 <= end ? int32(msg, p) : -1;
      // Subtype 2 (old binary) carries an inner length the decoder checks: left to it.
      next = length >= 0 && msg[p + 4] !== 0x02 ? p + 5 + length : -1;
      break;
    }
    case DOUBLE:
    case DATE:
    case TIMESTAMP:
    case INT64:
      next = p + 8;
      break;
    case INT32:
      next = p + 4;
      break;
    case OBJECT_ID:
      next = p + 12;
      break;
    case BOOLEAN:
      next = msg[p] === 0 || msg[p] === 1 ? p + 1 : -1;
      break;
    case DECIMAL128:
      next = p + 16;
      break;
    case NULL:
      next = p;
      break;
    default:
      return -1;
  }
  return next >= 0 && next <= end ? next : -1;
}

/** How deep nested documents are checked here; deeper ones take the general path. */
const MAX_DEPTH = 32;

/** Offset just past the embedded document at `p`, or -1 (see `valueEnd`). */
function documentEnd(msg: Buffer, p: number, end: number, depth: number): number {
  const length = p + 4 <= end ? int32(msg, p) : 0;
  const next = p + length;
  if (length < 5 || next > end || msg[next - 1] !== 0) {
    return -1;
  }
  const last = next - 1;
  let q = p + 4;
  while (q < last) {
    const type = msg[q] as number;
    let nameEnd = q + 1;
    while (nameEnd < last && msg[nameEnd] !== 0) {
      nameEnd++;
    }
    q = valueEnd(msg, nameEnd + 1, type, last, depth);
    if (q < 0) {
      return -1;
    }
  }
  return q === last ? next : -1;
}

/** Whether `msg[start, end)` is valid UTF-8 (ASCII checked here, the rest by Node). */
function isUtf8Text(msg: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    if ((msg[i] as number) >= 0x80) {
      return isUtf8(msg.subarray(start, end));
    }
  }
  return true;
}

function int32(msg: Buffer, p: number): number {
  return (
    (msg[p] as number) | ((msg[p + 1] as number) << 8) | ((msg[p + 2] as number) << 16) | ((msg[p + 3] as number) << 24)
  );
}

/** An int32 or a double as a number; undefined for other types (they take the general path). */
function numberAt(msg: Buffer, p: number, type: number): number | undefined {
  if (type === INT32) {
    return int32(msg, p);
  }
  return type === DOUBLE ? msg.readDoubleLE(p) : undefined;
}

/** A BSON boolean (only 0 and 1 are valid). */
function booleanAt(msg: Buffer, p: number): boolean | undefined {
  const byte = msg[p];
  return byte === 1 ? true : byte === 0 ? false : undefined;
}

/** The string value at `p` (length-prefixed, NUL-terminated, checked by `valueEnd`). */
function utf8String(msg: Buffer, p: number): string {
  return utf8Text(msg, p + 4, p + 4 + int32(msg, p) - 1);
}

/**
 * The last text read in one place of the message (the collection, the database, the filter's field):
 * the same few names come in message after message, so when the bytes match the last ones the
 * string already made (and already hashed by the maps it is looked up in) is given again.
 */
class LastText {
  private bytes = Buffer.alloc(0);
  private text = '';

  read(msg: Buffer, start: number, end: number): string {
    const length = end - start;
    const bytes = this.bytes;
    if (length === bytes.length) {
      let same = true;
      for (let i = 0; i < length; i++) {
        if (msg[start + i] !== bytes[i]) {
          same = false;
          break;
        }
      }
      if (same) {
        return this.text;
      }
    }
    this.bytes = Buffer.from(msg.subarray(start, end));
    this.text = utf8Text(msg, start, end);
    return this.text;
  }

  /** A string value (length-prefixed, NUL-terminated, checked by `valueEnd`). */
  readString(msg: Buffer, p: number): string {
    return this.read(msg, p + 4, p + 4 + int32(msg, p) - 1);
  }
}

const lastCollection = new LastText();
const lastDb = new LastText();
const lastField = new LastText();

/** Text already checked as valid UTF-8 (`valueEnd`), as the BSON decoder reads it. */
function utf8Text(msg: Buffer, start: number, end: number): string {
  return msg.toString('utf8', start, end);
}

/** A filter value that `isPointValue` may accept, decoded as the BSON decoder does; undefined for other types. */
function pointValueAt(msg: Buffer, p: number, type: number): unknown {
  switch (type) {
    case STRING:
      return utf8String(msg, p);
    case INT32:
    case DOUBLE:
      return numberAt(msg, p, type);
    case BOOLEAN:
      return booleanAt(msg, p);
    case OBJECT_ID:
      return new ObjectId(msg.subarray(p, p + 12));
    case DATE:
      return new Date(int32(msg, p + 4) * 0x100000000 + (int32(msg, p) >>> 0));
    default:
      return undefined;
  }
}
