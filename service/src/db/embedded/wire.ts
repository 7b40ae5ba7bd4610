/**
 * MongoDB wire protocol framing: parsing OP_MSG / OP_QUERY requests and encoding
 * OP_MSG / OP_REPLY responses. Compression (OP_COMPRESSED) is not negotiated,
 * so drivers never send it.
 */
import { decode, encode } from './bson';
import { storedEncoding, type StoredDoc } from './stored-doc';
import type { Long } from 'bson';
import { badValue } from './errors';
import { MAX_INTERNAL_BSON_SIZE, MAX_USER_BSON_SIZE, bsonObjectTooLarge } from './limits';
import type { Document } from './types';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;
export const OP_COMPRESSED = 2012;

export const FLAG_CHECKSUM_PRESENT = 1 << 0;
export const FLAG_MORE_TO_COME = 1 << 1;
export const FLAG_EXHAUST_ALLOWED = 1 << 16;

export const HEADER_SIZE = 16;
export const MAX_MESSAGE_SIZE = 48_000_000;
export const MAX_BSON_SIZE = MAX_USER_BSON_SIZE;

export interface MessageHeader {
  length: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

export interface ParsedRequest {
  header: MessageHeader;
  /** The command document, with kind-1 document sequences merged in as arrays. */
  command: Document;
  /** Database name (`$db` for OP_MSG, prefix of the namespace for OP_QUERY). */
  db: string;
  /** OP_MSG moreToCome: the client expects no reply. */
  moreToCome: boolean;
  legacy: boolean;
}

export function readHeader(buf: Buffer): MessageHeader {
  return {
    length: buf.readInt32LE(0),
    requestId: buf.readInt32LE(4),
    responseTo: buf.readInt32LE(8),
    opCode: buf.readInt32LE(12),
  };
}

function readCString(buf: Buffer, offset: number): [string, number] {
  const end = buf.indexOf(0, offset);
  if (end < 0) {
    throw badValue('unterminated cstring in message');
  }
  return [buf.toString('utf8', offset, end), end + 1];
}

function bsonSlice(buf: Buffer, offset: number, limit: number): Buffer {
  if (offset + 4 > limit) {
    throw badValue('truncated BSON document in message');
  }
  const size = buf.readInt32LE(offset);
  if (size < 5 || offset + size > limit) {
    throw badValue('invalid BSON document size in message');
  }
  const slice = buf.subarray(offset, offset + size);
  if (size > MAX_INTERNAL_BSON_SIZE) {
    // mongod refuses the whole command when any object in it is past the internal maximum.
    throw bsonObjectTooLarge(size, decode(slice));
  }
  return slice;
}

/** Parse one complete message (header included). */
export function parseMessage(buf: Buffer): ParsedRequest {
  const header = readHeader(buf);
  if (header.opCode === OP_MSG) {
    return parseOpMsg(buf, header);
  }
  if (header.opCode === OP_QUERY) {
    return parseOpQuery(buf, header);
  }
  throw badValue(`unsupported wire protocol opcode ${header.opCode}`);
}

function parseOpMsg(buf: Buffer, header: MessageHeader): ParsedRequest {
  const flags = buf.readUInt32LE(HEADER_SIZE);
  // Unknown required bits (0-15) must make us fail, per the OP_MSG spec.
  const known = FLAG_CHECKSUM_PRESENT | FLAG_MORE_TO_COME;
  if ((flags & 0xffff & ~known) !== 0) {
    throw badValue(`unsupported OP_MSG flag bits ${flags}`);
  }
  const end = flags & FLAG_CHECKSUM_PRESENT ? buf.length - 4 : buf.length;
  let offset = HEADER_SIZE + 4;
  let body: Document | undefined;
  const sequences: Array<[string, Document[]]> = [];
  while (offset < end) {
    const kind = buf.readUInt8(offset);
    offset += 1;
    if (kind === 0) {
      const slice = bsonSlice(buf, offset, end);
      body = decode(slice);
      offset += slice.length;
    } else if (kind === 1) {
      const size = buf.readInt32LE(offset);
      const seqEnd = offset + size;
      if (size < 5 || seqEnd > end) {
        throw badValue('invalid OP_MSG document sequence size');
      }
      const [identifier, docsStart] = readCString(buf, offset + 4);
      const docs: Document[] = [];
      let p = docsStart;
      while (p < seqEnd) {
        const slice = bsonSlice(buf, p, seqEnd);
        docs.push(decode(slice));
        p += slice.length;
      }
      sequences.push([identifier, docs]);
      offset = seqEnd;
    } else {
      throw badValue(`unsupported OP_MSG section kind ${kind}`);
    }
  }
  if (!body) {
    throw badValue('OP_MSG without a body section');
  }
  for (const [identifier, docs] of sequences) {
    if (identifier in body) {
      throw badValue(`duplicate field ${identifier} in OP_MSG document sequence`);
    }
    body[identifier] = docs;
  }
  const db = typeof body['$db'] === 'string' ? body['$db'] : 'admin';
  return { header, command: body, db, moreToCome: (flags & FLAG_MORE_TO_COME) !== 0, legacy: false };
}

function parseOpQuery(buf: Buffer, header: MessageHeader): ParsedRequest {
  let offset = HEADER_SIZE + 4; // flags
  const [ns, next] = readCString(buf, offset);
  offset = next + 8; // numberToSkip, numberToReturn
  const slice = bsonSlice(buf, offset, buf.length);
  let query = decode(slice);
  // Legacy wrapping used with read preferences: { $query: {...}, $readPreference }.
  const inner = query['$query'];
  if (inner !== null && typeof inner === 'object' && !Array.isArray(inner)) {
    query = inner as Document;
  }
  const dot = ns.indexOf('.');
  const db = dot >= 0 ? ns.slice(0, dot) : ns;
  const coll = dot >= 0 ? ns.slice(dot + 1) : '';
  if (coll !== '$cmd') {
    throw badValue(`legacy OP_QUERY is only supported for commands, not ${ns}`);
  }
  return { header, command: query, db, moreToCome: false, legacy: true };
}

/**
 * Cursor replies whose batch holds stored documents as they are (no projection), with those documents'
 * records: `encodeOpMsg` writes them straight into the message from each record's encoding.
 */
const storedBatchReplies = new WeakMap<Document, readonly StoredDoc[]>();

/** A `{cursor: {firstBatch, id, ns}, ok: 1}` reply whose batch is `firstBatch`'s stored documents, unchanged. */
export function storedBatchReply(cursor: Document, firstBatch: readonly StoredDoc[]): Document {
  const reply = { cursor, ok: 1 };
  storedBatchReplies.set(reply, firstBatch);
  return reply;
}

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
// The fixed parts of {cursor: {firstBatch: [...], id: <int64>, ns: <string>}, ok: <int32 1>}.
const CURSOR_FIRST_BATCH = ascii('\x03cursor\x00');
const FIRST_BATCH = ascii('\x04firstBatch\x00');
const ARRAY_END_ID = ascii('\x00\x12id\x00');
const NS = ascii('\x02ns\x00');
const CURSOR_END_OK = ascii('\x00\x10ok\x00\x01\x00\x00\x00');
/** Element headers of array entries 0, 1, 2…: type (embedded document) and the index as a name. */
const ENTRY_HEADERS: Uint8Array[] = [];

function entryHeader(i: number): Uint8Array {
  return (ENTRY_HEADERS[i] ??= ascii(`\x03${i}\x00`));
}

function int32(out: Buffer, p: number, v: number): number {
  out[p] = v & 0xff;
  out[p + 1] = (v >>> 8) & 0xff;
  out[p + 2] = (v >>> 16) & 0xff;
  out[p + 3] = (v >>> 24) & 0xff;
  return p + 4;
}

/** Copies a few constant bytes (a loop: cheaper than a native call at these sizes). */
function put(out: Buffer, p: number, bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) {
    out[p + i] = bytes[i] as number;
  }
  return p + bytes.length;
}

/** The UTF-8 length of `text` when it is ASCII (then written byte by byte), else -1. */
function asciiLength(text: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) >= 0x80) {
      return -1;
    }
  }
  return text.length;
}

/**
 * The OP_MSG of `{cursor: {firstBatch, id, ns}, ok: 1}` whose batch is stored documents, unchanged, written
 * into one buffer from their records' encodings; undefined past the BSON size limit (the general path reports it).
 */
export function encodeStoredCursorReply(
  requestId: number,
  responseTo: number,
  batch: readonly StoredDoc[],
  id: Long,
  ns: string,
): Buffer | undefined {
  let arrayBytes = 4 + 1;
  for (let i = 0; i < batch.length; i++) {
    arrayBytes += entryHeader(i).length + storedEncoding(batch[i] as StoredDoc).length;
  }
  const asciiNs = asciiLength(ns);
  const nsBytes = asciiNs >= 0 ? asciiNs : Buffer.byteLength(ns);
  const cursorBytes =
    4 + FIRST_BATCH.length + arrayBytes + ARRAY_END_ID.length - 1 + 8 + NS.length + 4 + nsBytes + 1 + 1;
  const bodyBytes = 4 + CURSOR_FIRST_BATCH.length + cursorBytes + CURSOR_END_OK.length - 1 + 1;
  if (bodyBytes > MAX_BSON_SIZE) {
    return undefined;
  }
  const out = Buffer.allocUnsafe(HEADER_SIZE + 5 + bodyBytes);
  let p = int32(out, 0, out.length);
  p = int32(out, p, requestId);
  p = int32(out, p, responseTo);
  p = int32(out, p, OP_MSG);
  p = int32(out, p, 0); // flags
  out[p++] = 0; // section kind 0: the body
  p = int32(out, p, bodyBytes);
  p = int32(out, put(out, p, CURSOR_FIRST_BATCH), cursorBytes);
  p = int32(out, put(out, p, FIRST_BATCH), arrayBytes);
  for (let i = 0; i < batch.length; i++) {
    // Made by the sizing loop above.
    const doc = (batch[i] as StoredDoc).bytes as Buffer;
    p = put(out, p, entryHeader(i));
    out.set(doc, p);
    p += doc.length;
  }
  p = int32(out, put(out, p, ARRAY_END_ID), id.low);
  p = int32(out, p, id.high);
  p = int32(out, put(out, p, NS), nsBytes + 1);
  if (asciiNs >= 0) {
    for (let i = 0; i < asciiNs; i++) {
      out[p++] = ns.charCodeAt(i);
    }
  } else {
    p += out.write(ns, p, 'utf8');
  }
  out[p++] = 0;
  p = put(out, p, CURSOR_END_OK);
  out[p++] = 0; // end of the body
  if (p !== out.length) {
    throw new Error(`stored-batch reply encoded ${p} bytes instead of ${out.length}`);
  }
  return out;
}

export function encodeOpMsg(requestId: number, responseTo: number, doc: Document): Buffer {
  const storedBatch = storedBatchReplies.get(doc);
  if (storedBatch) {
    const cursor = doc['cursor'] as { id: Long; ns: string };
    const encoded = encodeStoredCursorReply(requestId, responseTo, storedBatch, cursor.id, cursor.ns);
    if (encoded) {
      return encoded;
    }
  }
  const body = encode(doc);
  const out = Buffer.allocUnsafe(HEADER_SIZE + 4 + 1 + body.length);
  out.writeInt32LE(out.length, 0);
  out.writeInt32LE(requestId, 4);
  out.writeInt32LE(responseTo, 8);
  out.writeInt32LE(OP_MSG, 12);
  out.writeUInt32LE(0, 16);
  out.writeUInt8(0, 20);
  body.copy(out, 21);
  return out;
}

export function encodeOpReply(requestId: number, responseTo: number, doc: Document): Buffer {
  const body = encode(doc);
  const out = Buffer.allocUnsafe(HEADER_SIZE + 20 + body.length);
  out.writeInt32LE(out.length, 0);
  out.writeInt32LE(requestId, 4);
  out.writeInt32LE(responseTo, 8);
  out.writeInt32LE(OP_REPLY, 12);
  out.writeInt32LE(8, 16); // responseFlags: AwaitCapable
  out.writeBigInt64LE(0n, 20); // cursorID
  out.writeInt32LE(0, 28); // startingFrom
  out.writeInt32LE(1, 32); // numberReturned
  body.copy(out, 36);
  return out;
}
