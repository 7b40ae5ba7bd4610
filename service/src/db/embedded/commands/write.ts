/** Write commands: insert, update, delete, findAndModify. */
import { ErrorCodes, MongoCommandError, errorReply } from '../errors';
import { compileProjection } from '../projection';
import { runQuery, type QueryRequest } from '../query';
import { Collection, type WriteOptions } from '../storage/collection';
import { isPlainObject, type Document } from '../types';
import { applyUpdate, classifyUpdate } from '../update/apply';
import { buildUpsertDocument } from '../update/upsert';
import { collectionArg, optArray, optBool, optDocument, queryEnv, typeError, type CommandContext } from './context';

function writeError(index: number, err: unknown): Document {
  const reply = errorReply(err);
  const { ok: _ok, errmsg, code, codeName: _cn, ...extra } = reply;
  return { index, code, errmsg, ...extra };
}

/** Per-write options every write command may carry. */
export function writeOptions(ctx: CommandContext): WriteOptions {
  return { bypassDocumentValidation: ctx.command['bypassDocumentValidation'] === true };
}

function checkWriteOptions(ctx: CommandContext): void {
  if (
    ctx.command['bypassDocumentValidation'] !== undefined &&
    typeof ctx.command['bypassDocumentValidation'] !== 'boolean'
  ) {
    throw typeError('bypassDocumentValidation', 'bool');
  }
}

export function insert(ctx: CommandContext): Document {
  checkWriteOptions(ctx);
  const name = collectionArg(ctx);
  const docs = optArray(ctx.command, 'documents');
  if (!docs) {
    throw new MongoCommandError(
      ErrorCodes.FailedToParse,
      "BSON field 'insert.documents' is missing but a required field",
    );
  }
  const ordered = optBool(ctx.command, 'ordered', true);
  const coll = ctx.engine.ensureCollection(ctx.db, name);
  const writeErrors: Document[] = [];
  let n = 0;
  for (let i = 0; i < docs.length; i++) {
    try {
      const raw = docs[i];
      if (!isPlainObject(raw)) {
        throw new MongoCommandError(ErrorCodes.TypeMismatch, 'documents to insert must be objects');
      }
      coll.insert(Collection.prepareForInsert(raw), 'insert', writeOptions(ctx));
      n++;
    } catch (err) {
      writeErrors.push(writeError(i, err));
      if (ordered) {
        break;
      }
    }
  }
  return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
}

export function del(ctx: CommandContext): Document {
  checkWriteOptions(ctx);
  const name = collectionArg(ctx);
  const deletes = optArray(ctx.command, 'deletes');
  if (!deletes) {
    throw new MongoCommandError(
      ErrorCodes.FailedToParse,
      "BSON field 'delete.deletes' is missing but a required field",
    );
  }
  const ordered = optBool(ctx.command, 'ordered', true);
  const coll = ctx.engine.getCollection(ctx.db, name);
  const writeErrors: Document[] = [];
  let n = 0;
  for (let i = 0; i < deletes.length; i++) {
    try {
      const req = deleteRequest(ctx, deletes[i], coll);
      if (!coll) {
        continue;
      }
      const victims = runQuery(coll, req).docs;
      for (const doc of victims) {
        coll.remove(doc);
      }
      n += victims.length;
    } catch (err) {
      writeErrors.push(writeError(i, err));
      if (ordered) {
        break;
      }
    }
  }
  return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
}

/** The query of one delete statement (shared with explain). */
export function deleteRequest(ctx: CommandContext, stmt: unknown, coll: Collection | undefined): QueryRequest {
  if (!isPlainObject(stmt)) {
    throw typeError('deletes', 'object');
  }
  const q = optDocument(stmt, 'q');
  if (!q) {
    throw new MongoCommandError(
      ErrorCodes.FailedToParse,
      "BSON field 'delete.deletes.q' is missing but a required field",
    );
  }
  const limit = stmt['limit'];
  if (limit !== 0 && limit !== 1) {
    throw new MongoCommandError(
      ErrorCodes.FailedToParse,
      `The limit field in delete objects must be 0 or 1. Got ${String(limit)}`,
    );
  }
  return { filter: q, limit, hint: stmt['hint'], ...queryEnv(ctx, stmt, coll) };
}

/** The query of one update statement (shared with explain): one document unless `multi`. */
export function updateRequest(ctx: CommandContext, stmt: Document, coll: Collection | undefined): QueryRequest {
  const multi = optBool(stmt, 'multi', false);
  return {
    filter: optDocument(stmt, 'q') ?? {},
    sort: multi ? undefined : optDocument(stmt, 'sort'),
    limit: multi ? 0 : 1,
    hint: stmt['hint'],
    ...queryEnv(ctx, stmt, coll),
  };
}

function arrayFiltersOf(stmt: Document): Document[] | undefined {
  const af = stmt['arrayFilters'];
  if (af === undefined || af === null) {
    return undefined;
  }
  if (!Array.isArray(af) || !af.every(isPlainObject)) {
    throw typeError('arrayFilters', 'array');
  }
  return af;
}

export function update(ctx: CommandContext): Document {
  checkWriteOptions(ctx);
  const name = collectionArg(ctx);
  const updates = optArray(ctx.command, 'updates');
  if (!updates) {
    throw new MongoCommandError(
      ErrorCodes.FailedToParse,
      "BSON field 'update.updates' is missing but a required field",
    );
  }
  const ordered = optBool(ctx.command, 'ordered', true);
  const writeErrors: Document[] = [];
  const upserted: Document[] = [];
  let n = 0;
  let nModified = 0;
  for (let i = 0; i < updates.length; i++) {
    try {
      const stmt = updates[i];
      if (!isPlainObject(stmt)) {
        throw typeError('updates', 'object');
      }
      const q = optDocument(stmt, 'q') ?? {};
      const u = stmt['u'];
      const multi = optBool(stmt, 'multi', false);
      const upsert = optBool(stmt, 'upsert', false);
      const arrayFilters = arrayFiltersOf(stmt);
      const kind = classifyUpdate(u);
      if (multi && kind === 'replacement') {
        throw new MongoCommandError(
          ErrorCodes.FailedToParse,
          'multi update is not supported for replacement-style update',
        );
      }
      const existing = ctx.engine.getCollection(ctx.db, name);
      const req = updateRequest(ctx, stmt, existing);
      const env = { collation: req.collation, variables: req.variables };
      const targets = runQuery(existing, req).docs;
      if (targets.length === 0) {
        if (upsert) {
          const doc = Collection.prepareForInsert(buildUpsertDocument(q, u, { arrayFilters, env }));
          ctx.engine.ensureCollection(ctx.db, name).insert(doc, 'upsert', writeOptions(ctx));
          upserted.push({ index: i, _id: doc['_id'] });
          n++;
        }
        continue;
      }
      const coll = existing as Collection;
      for (const doc of targets) {
        const res = applyUpdate(doc, u, { arrayFilters, filter: q, isInsert: false, env });
        n++;
        if (res.modified) {
          coll.replace(doc, res.doc, writeOptions(ctx));
          nModified++;
        }
      }
    } catch (err) {
      writeErrors.push(writeError(i, err));
      if (ordered) {
        break;
      }
    }
  }
  const reply: Document = { n, nModified };
  if (upserted.length) {
    reply['upserted'] = upserted;
  }
  if (writeErrors.length) {
    reply['writeErrors'] = writeErrors;
  }
  reply['ok'] = 1;
  return reply;
}

/** The query of a findAndModify (shared with explain). */
export function findAndModifyRequest(ctx: CommandContext, coll: Collection | undefined): QueryRequest {
  const cmd = ctx.command;
  return {
    filter: optDocument(cmd, 'query') ?? {},
    sort: optDocument(cmd, 'sort'),
    limit: 1,
    hint: cmd['hint'],
    ...queryEnv(ctx, cmd, coll),
  };
}

export function findAndModify(ctx: CommandContext): Document {
  checkWriteOptions(ctx);
  const name = collectionArg(ctx);
  const cmd = ctx.command;
  const query = optDocument(cmd, 'query') ?? {};
  const fields = optDocument(cmd, 'fields');
  const remove = optBool(cmd, 'remove', false);
  const returnNew = optBool(cmd, 'new', false);
  const upsert = optBool(cmd, 'upsert', false);
  const u = cmd['update'];
  const arrayFilters = arrayFiltersOf(cmd);
  if (remove && u !== undefined) {
    throw new MongoCommandError(ErrorCodes.FailedToParse, 'Cannot specify both an update and remove=true');
  }
  if (!remove && u === undefined) {
    throw new MongoCommandError(ErrorCodes.FailedToParse, 'Either an update or remove=true must be specified');
  }
  if (remove && (upsert || returnNew)) {
    throw new MongoCommandError(ErrorCodes.FailedToParse, 'Cannot specify both upsert=true and remove=true');
  }
  const existing = ctx.engine.getCollection(ctx.db, name);
  const req = findAndModifyRequest(ctx, existing);
  const env = { collation: req.collation, variables: req.variables };
  const target = runQuery(existing, req).docs[0];
  const projector = compileProjection(fields, query, env);
  const project = (doc: Document | undefined): Document | null => (doc ? (projector ? projector(doc) : doc) : null);
  if (remove) {
    if (!target || !existing) {
      return { lastErrorObject: { n: 0 }, value: null, ok: 1 };
    }
    existing.remove(target);
    return { lastErrorObject: { n: 1 }, value: project(target), ok: 1 };
  }
  classifyUpdate(u);
  if (!target) {
    if (!upsert) {
      return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
    }
    const doc = Collection.prepareForInsert(buildUpsertDocument(query, u, { arrayFilters, env }));
    ctx.engine.ensureCollection(ctx.db, name).insert(doc, 'upsert', writeOptions(ctx));
    return {
      lastErrorObject: { n: 1, updatedExisting: false, upserted: doc['_id'] },
      value: returnNew ? project(doc) : null,
      ok: 1,
    };
  }
  const res = applyUpdate(target, u, { arrayFilters, filter: query, isInsert: false, env });
  if (res.modified) {
    (existing as Collection).replace(target, res.doc, writeOptions(ctx));
  }
  return {
    lastErrorObject: { n: 1, updatedExisting: true },
    value: project(returnNew ? res.doc : target),
    ok: 1,
  };
}
