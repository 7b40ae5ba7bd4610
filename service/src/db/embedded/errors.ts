/**
 * MongoDB server error codes used by the embedded server, and the error class
 * command handlers throw. Replies use MongoDB's `{ ok: 0, errmsg, code, codeName }`
 * shape so drivers map them to the same error classes as a real mongod.
 */
import type { Document } from './types';

export const ErrorCodes = {
  InternalError: 1,
  BadValue: 2,
  NoSuchKey: 4,
  FailedToParse: 9,
  TypeMismatch: 14,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  InvalidIdField: 53,
  CommandNotFound: 59,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  OperationFailed: 96,
  CommandNotSupported: 115,
  DocumentValidationFailure: 121,
  NotImplemented: 238,
  Location40324: 40324,
  InvalidIndexSpecificationOption: 197,
  BSONObjectTooLarge: 10334,
  DuplicateKey: 11000,
} as const;

const codeNames = new Map<number, string>(Object.entries(ErrorCodes).map(([name, code]) => [code, name]));

export function codeName(code: number): string {
  return codeNames.get(code) ?? 'UnknownError';
}

/** An error that becomes a MongoDB error reply (or a write error entry). */
export class MongoCommandError extends Error {
  readonly code: number;
  readonly extra: Document;

  constructor(code: number, message: string, extra: Document = {}) {
    super(message);
    this.name = 'MongoCommandError';
    this.code = code;
    this.extra = extra;
  }

  toReply(): Document {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: codeName(this.code), ...this.extra };
  }
}

/** Turn anything thrown inside a handler into a MongoDB error reply. */
export function errorReply(err: unknown): Document {
  if (err instanceof MongoCommandError) {
    return err.toReply();
  }
  // mingo throws plain errors for malformed queries/pipelines; surface them as BadValue.
  const message = err instanceof Error ? err.message : String(err);
  return { ok: 0, errmsg: message, code: ErrorCodes.BadValue, codeName: 'BadValue' };
}

export function badValue(message: string): MongoCommandError {
  return new MongoCommandError(ErrorCodes.BadValue, message);
}
