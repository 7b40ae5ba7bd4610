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

export function frame(record: Document): Buffer[] {
  const payload = encode(record);
  const head = Buffer.allocUnsafe(FRAME_HEADER);
  head.writeUInt32LE(payload.length, 0);
  head.writeUInt32LE(crc32(payload), 4);
  return [head, payload];
}

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
