/**
 * MongoDB's document size limits and the errors mongod answers when a write
 * breaks them. A user document may be at most 16 MiB (`BSONObjMaxUserSize`);
 * anything past 16 MiB + 16 KiB (`BSONObjMaxInternalSize`) is not a valid BSON
 * object for the server at all.
 */
import { ErrorCodes, MongoCommandError } from './errors';
import { formatValue } from './bson';
import type { Document } from './types';

export const MAX_USER_BSON_SIZE = 16 * 1024 * 1024;
export const MAX_INTERNAL_BSON_SIZE = MAX_USER_BSON_SIZE + 16 * 1024;

/** Which write produced a document: each has its own mongod error when it is too large. */
export type WriteKind = 'insert' | 'update' | 'upsert';

function firstElement(doc: Document | undefined): string {
  if (!doc) {
    return 'EOO';
  }
  for (const key in doc) {
    const text = `${key}: ${formatValue(doc[key])}`;
    return text.length > 1024 ? `${text.slice(0, 1024)}...` : text;
  }
  return 'EOO';
}

/** mongod's `BSONObjectTooLarge` (10334), raised for any object past the internal maximum. */
export function bsonObjectTooLarge(size: number, doc?: Document): MongoCommandError {
  return new MongoCommandError(
    ErrorCodes.BSONObjectTooLarge,
    `BSONObj size: ${size} (0x${size.toString(16).toUpperCase()}) is invalid. ` +
      `Size must be between 0 and ${MAX_INTERNAL_BSON_SIZE}(${Math.floor(MAX_INTERNAL_BSON_SIZE / (1024 * 1024))}MB) ` +
      `First element: ${firstElement(doc)}`,
  );
}

/**
 * Throws the error mongod gives when a document of `size` bytes is written by
 * `kind`: 10334 past the internal maximum, else insert → BadValue (2), update →
 * 17419, upsert → 17420 past the user maximum.
 */
export function checkDocumentSize(kind: WriteKind, size: number, doc: Document): void {
  if (size <= MAX_USER_BSON_SIZE) {
    return;
  }
  if (size > MAX_INTERNAL_BSON_SIZE) {
    throw bsonObjectTooLarge(size, doc);
  }
  switch (kind) {
    case 'insert':
      throw new MongoCommandError(
        ErrorCodes.BadValue,
        `object to insert too large. size in bytes: ${size}, max size: ${MAX_USER_BSON_SIZE}`,
      );
    case 'update':
      throw new MongoCommandError(17419, `Resulting document after update is larger than ${MAX_USER_BSON_SIZE}`, {
        codeName: 'Location17419',
      });
    case 'upsert':
      throw new MongoCommandError(17420, `Document to upsert is larger than ${MAX_USER_BSON_SIZE}`, {
        codeName: 'Location17420',
      });
  }
}
