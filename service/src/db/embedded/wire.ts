/**
 * MongoDB wire protocol framing: parsing OP_MSG / OP_QUERY requests and encoding
 * OP_MSG / OP_REPLY responses. Compression (OP_COMPRESSED) is not negotiated,
 * so drivers never send it.
 */
import { decode, encode } from './bson';
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

export function encodeOpMsg(requestId: number, responseTo: number, doc: Document): Buffer {
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
