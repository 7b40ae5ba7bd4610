/** What a command handler gets, plus small argument-parsing helpers. */
import { normalizeCollation, type Collation } from '../collation';
import type { CursorManager } from '../cursors';
import { ErrorCodes, MongoCommandError } from '../errors';
import type { QueryEnv } from '../filter';
import type { Collection } from '../storage/collection';
import type { Engine } from '../storage/engine';
import { isPlainObject, toText, type Document, type EmbeddedLogger } from '../types';

export interface ServerInfo {
  readonly host: string;
  readonly port: number;
  readonly startedAt: Date;
  readonly dbPath: string | undefined;
  readonly version: string;
  readonly maxWireVersion: number;
}

export interface CommandContext {
  readonly engine: Engine;
  readonly cursors: CursorManager;
  readonly server: ServerInfo;
  readonly logger: EmbeddedLogger;
  /** Database the command runs against (`$db`). */
  readonly db: string;
  readonly command: Document;
  readonly commandName: string;
  readonly connectionId: number;
  readonly clientAddress: string;
  /** Logical session id as a string key, when the driver sent one. */
  readonly lsid: string | undefined;
}

export type CommandHandler = (ctx: CommandContext) => Document | Promise<Document>;

/** What a connection gives every command it runs. */
export type BaseContext = Omit<CommandContext, 'db' | 'command' | 'commandName' | 'lsid'>;

/**
 * One command's context. A class, not an object literal spread from the base: it is built for every
 * command, and the session key (rendered only by commands that keep a cursor) is computed on demand.
 */
class Context implements CommandContext {
  readonly engine: BaseContext['engine'];
  readonly cursors: BaseContext['cursors'];
  readonly server: BaseContext['server'];
  readonly logger: BaseContext['logger'];
  readonly connectionId: number;
  readonly clientAddress: string;
  private sessionKey: string | undefined | null = null;

  constructor(
    base: BaseContext,
    readonly db: string,
    readonly command: Document,
    readonly commandName: string,
  ) {
    this.engine = base.engine;
    this.cursors = base.cursors;
    this.server = base.server;
    this.logger = base.logger;
    this.connectionId = base.connectionId;
    this.clientAddress = base.clientAddress;
  }

  get lsid(): string | undefined {
    if (this.sessionKey === null) {
      const lsid = this.command['lsid'];
      this.sessionKey = isPlainObject(lsid) && lsid['id'] !== undefined ? toText(lsid['id']) : undefined;
    }
    return this.sessionKey;
  }
}

/** The context of one command (also of a command run within another: explain's inner command). */
export function commandContext(base: BaseContext, db: string, command: Document, commandName: string): CommandContext {
  return new Context(base, db, command, commandName);
}

export function typeError(field: string, expected: string): MongoCommandError {
  return new MongoCommandError(
    ErrorCodes.TypeMismatch,
    `BSON field '${field}' is the wrong type, expected type '${expected}'`,
  );
}

/** The collection name a CRUD command targets (its first field's value). */
export function collectionArg(ctx: CommandContext): string {
  const v = ctx.command[ctx.commandName];
  if (typeof v !== 'string' || v.length === 0) {
    throw new MongoCommandError(
      ErrorCodes.InvalidNamespace,
      `collection name has invalid type ${v === null ? 'null' : typeof v}`,
    );
  }
  return v;
}

export function optDocument(cmd: Document, field: string): Document | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) {
    return undefined;
  }
  if (!isPlainObject(v)) {
    throw typeError(field, 'object');
  }
  return v;
}

export function optNumber(cmd: Document, field: string): number | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) {
    return undefined;
  }
  if (typeof v === 'number') {
    return v;
  }
  if (typeof v === 'object' && v !== null && typeof (v as { toNumber?: unknown }).toNumber === 'function') {
    return (v as { toNumber(): number }).toNumber();
  }
  throw typeError(field, 'number');
}

export function optBool(cmd: Document, field: string, dflt: boolean): boolean {
  const v = cmd[field];
  if (v === undefined || v === null) {
    return dflt;
  }
  if (typeof v === 'boolean') {
    return v;
  }
  if (typeof v === 'number') {
    return v !== 0;
  }
  throw typeError(field, 'bool');
}

export function optArray(cmd: Document, field: string): unknown[] | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) {
    return undefined;
  }
  if (!Array.isArray(v)) {
    throw typeError(field, 'array');
  }
  return v as unknown[];
}

export function nonNegative(field: string, v: number | undefined): number | undefined {
  if (v !== undefined && v < 0) {
    throw new MongoCommandError(ErrorCodes.BadValue, `${field} value must be non-negative, but received: ${v}`);
  }
  return v;
}

/**
 * The collation `source` (a command or one of its statements) asks for, else the
 * collection's default; an explicit `{locale: 'simple'}` means binary comparison.
 */
export function optCollation(source: Document, coll: Collection | undefined): Collation | undefined {
  if (source['collation'] !== undefined && source['collation'] !== null) {
    return normalizeCollation(source['collation']);
  }
  return coll?.defaultCollation;
}

/** How a statement's filters evaluate: its collation and the command's `let` variables. */
export function queryEnv(ctx: CommandContext, source: Document, coll: Collection | undefined): QueryEnv {
  return { collation: optCollation(source, coll), variables: optDocument(ctx.command, 'let') };
}
