/**
 * Record framing shared by the journal and snapshot files:
 *   [u32 LE payload length][u32 LE CRC32 of payload][payload = one BSON document]
 * A reader stops at the first frame that is short, oversized, fails its CRC or
 * doesn't decode, reporting the offset of the last good byte.
 */
import { crc32 } from 'node:zlib';
import { decode, encode } from '../bson';
import type { Document } from '../types';

export const FRAME_HEADER = 8;
const MAX_RECORD = 64 * 1024 * 1024;

/**
 * Frame one record. With `docBytes`, the payload is the record plus a field `d`
 * holding that already-encoded document: the same bytes `encode({...record, d})`
 * would give, without encoding the document a second time.
 */
export function frame(record: Document, docBytes?: Buffer): Buffer[] {
  const head = Buffer.allocUnsafe(FRAME_HEADER);
  const recordBytes = docBytes ? recordHeader(record) : encode(record);
  if (!docBytes) {
    head.writeUInt32LE(recordBytes.length, 0);
    head.writeUInt32LE(crc32(recordBytes), 4);
    return [head, recordBytes];
  }
  // [int32 size][record elements][0x03 'd' 0x00 <doc>][0x00]
  const length = recordBytes.length + DOC_FIELD.length + docBytes.length;
  const start = Buffer.from(recordBytes.subarray(0, recordBytes.length - 1));
  start.writeInt32LE(length, 0);
  const parts = [start, DOC_FIELD, docBytes, END_OF_DOCUMENT];
  let crc = 0;
  for (const p of parts) {
    crc = crc32(p, crc);
  }
  head.writeUInt32LE(length, 0);
  head.writeUInt32LE(crc, 4);
  return [head, ...parts];
}

/** Encoded `{t, db, c}` record headers: the same few per collection, so they are kept. */
const headers = new Map<string, Buffer>();

function recordHeader(record: Document): Buffer {
  const key = `${String(record['t'])}\u0000${String(record['db'])}\u0000${String(record['c'])}`;
  let bytes = headers.get(key);
  if (!bytes || Object.keys(record).length !== 3) {
    bytes = encode(record);
    if (Object.keys(record).length === 3) {
      if (headers.size > 10_000) {
        headers.clear();
      }
      headers.set(key, bytes);
    }
  }
  return bytes;
}

const DOC_FIELD = Buffer.from([0x03, 0x64, 0x00]);
const END_OF_DOCUMENT = Buffer.from([0x00]);

export interface ReadResult {
  records: Document[];
  /** Bytes of valid records; anything after is a torn or corrupt tail. */
  goodBytes: number;
  corrupt: boolean;
  reason?: string;
}

export function readFrames(buf: Buffer): ReadResult {
  const records: Document[] = [];
  let offset = 0;
  while (offset < buf.length) {
    if (buf.length - offset < FRAME_HEADER) {
      return { records, goodBytes: offset, corrupt: true, reason: 'truncated frame header' };
    }
    const len = buf.readUInt32LE(offset);
    const crc = buf.readUInt32LE(offset + 4);
    if (len < 5 || len > MAX_RECORD) {
      return { records, goodBytes: offset, corrupt: true, reason: `invalid record length ${len}` };
    }
    if (buf.length - offset - FRAME_HEADER < len) {
      return { records, goodBytes: offset, corrupt: true, reason: 'truncated record' };
    }
    const payload = buf.subarray(offset + FRAME_HEADER, offset + FRAME_HEADER + len);
    if (crc32(payload) !== crc) {
      return { records, goodBytes: offset, corrupt: true, reason: 'checksum mismatch' };
    }
    try {
      records.push(decode(payload));
    } catch (err) {
      return { records, goodBytes: offset, corrupt: true, reason: `undecodable record: ${String(err)}` };
    }
    offset += FRAME_HEADER + len;
  }
  return { records, goodBytes: offset, corrupt: false };
}
