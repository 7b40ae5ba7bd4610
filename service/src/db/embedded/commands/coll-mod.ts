/**
 * collMod: change a collection's validator (validator, validationLevel,
 * validationAction) or an index's `expireAfterSeconds` (TTL) and `hidden`,
 * answering with mongod's `<field>_old` / `<field>_new` report.
 */
import { valueKey } from '../bson';
import { ErrorCodes, MongoCommandError } from '../errors';
import { isPlainObject, type Document } from '../types';
import { collectionArg, type CommandContext } from './context';

const VALIDATION_FIELDS = ['validator', 'validationLevel', 'validationAction'] as const;
const IGNORED = new Set([
  'collMod',
  'writeConcern',
  'lsid',
  '$db',
  '$clusterTime',
  '$readPreference',
  'comment',
  'dryRun',
]);

export function collMod(ctx: CommandContext): Document {
  const name = collectionArg(ctx);
  const cmd = ctx.command;
  const coll = ctx.engine.getCollection(ctx.db, name);
  if (!coll) {
    throw new MongoCommandError(ErrorCodes.NamespaceNotFound, `ns does not exist: ${ctx.db}.${name}`);
  }
  for (const k of Object.keys(cmd)) {
    if (!IGNORED.has(k) && k !== 'index' && !(VALIDATION_FIELDS as readonly string[]).includes(k)) {
      throw new MongoCommandError(
        ErrorCodes.InvalidOptions,
        `collMod option '${k}' is not supported by the embedded server`,
      );
    }
  }
  const reply: Document = {};
  const indexSpec = cmd['index'];
  if (indexSpec !== undefined) {
    if (!isPlainObject(indexSpec)) {
      throw new MongoCommandError(
        ErrorCodes.TypeMismatch,
        "BSON field 'collMod.index' is the wrong type, expected type 'object'",
      );
    }
    const byName = indexSpec['name'];
    const byKey = indexSpec['keyPattern'];
    const index = Array.from(coll.indexes.values()).find((i) =>
      typeof byName === 'string' ? i.name === byName : isPlainObject(byKey) && valueKey(i.spec.key) === valueKey(byKey),
    );
    if (!index) {
      throw new MongoCommandError(
        ErrorCodes.IndexNotFound,
        `cannot find index ${typeof byName === 'string' ? byName : JSON.stringify(byKey)} for ns ${coll.ns}`,
      );
    }
    const changes: Document = {};
    const ttl = indexSpec['expireAfterSeconds'];
    if (ttl !== undefined) {
      if (typeof ttl !== 'number' || ttl < 0 || !Number.isFinite(ttl)) {
        throw new MongoCommandError(ErrorCodes.BadValue, 'expireAfterSeconds must be a non-negative number');
      }
      if (index.fields.length !== 1) {
        throw new MongoCommandError(
          ErrorCodes.InvalidOptions,
          'TTL indexes are single-field indexes, compound indexes do not support TTL',
        );
      }
      reply['expireAfterSeconds_old'] = index.spec['expireAfterSeconds'];
      reply['expireAfterSeconds_new'] = ttl;
      changes['expireAfterSeconds'] = ttl;
    }
    const hidden = indexSpec['hidden'];
    if (hidden !== undefined) {
      if (typeof hidden !== 'boolean') {
        throw new MongoCommandError(
          ErrorCodes.TypeMismatch,
          "BSON field 'hidden' is the wrong type, expected type 'bool'",
        );
      }
      reply['hidden_old'] = index.hidden;
      reply['hidden_new'] = hidden;
      changes['hidden'] = hidden;
    }
    if (Object.keys(changes).length === 0) {
      throw new MongoCommandError(ErrorCodes.InvalidOptions, 'no expireAfterSeconds or hidden field to update');
    }
    coll.modifyIndex(index, changes);
  }
  const validation = VALIDATION_FIELDS.filter((k) => cmd[k] !== undefined);
  if (validation.length) {
    const options: Document = { ...coll.options };
    for (const k of validation) {
      options[k] = cmd[k];
    }
    coll.setOptions(options);
  }
  return { ...reply, ok: 1 };
}
