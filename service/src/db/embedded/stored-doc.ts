/**
 * A stored document as the collection and its indexes hold it: with its `_id` key and its BSON encoding,
 * so a read that sends it unchanged copies the bytes without looking anything up. Every write of a
 * document makes a new record (stored documents are immutable: an update stores a fresh copy) and puts
 * it in the collection's map and in every index entry of the document, so the bytes are always those
 * of the current version.
 */
import { encode } from './bson';
import type { Document } from './types';

export interface StoredDoc {
  /** The document's `_id` key (`idKeyOf`). */
  readonly id: string;
  readonly doc: Document;
  /** `encode(doc)`: from the write that stored it, or (recovered from the journal) its first read. */
  bytes: Buffer | undefined;
}

/** A stored document's encoding (made once: every later read copies it instead of serialising again). */
export function storedEncoding(record: StoredDoc): Buffer {
  return (record.bytes ??= encode(record.doc));
}
