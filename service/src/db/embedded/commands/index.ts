/** Command registry and dispatch: name → handler, MongoDB error replies, commit before reply. */
import { ErrorCodes, MongoCommandError, errorReply } from '../errors';
import { isPlainObject, type Document } from '../types';
import * as admin from './admin';
import { aggregate } from './aggregate';
import { commandContext, type BaseContext, type CommandHandler } from './context';
import { collMod } from './coll-mod';
import { explain } from './explain';
import { createIndexes, dropIndexes, listIndexes } from './indexes';
import * as ns from './namespaces';
import * as read from './read';
import * as write from './write';

const HANDLERS = new Map<string, CommandHandler>([
  ['hello', admin.hello],
  ['isMaster', admin.hello],
  ['ismaster', admin.hello],
  ['ping', admin.ping],
  ['buildInfo', admin.buildInfo],
  ['buildinfo', admin.buildInfo],
  ['getParameter', admin.getParameter],
  ['setParameter', admin.setParameter],
  ['serverStatus', admin.serverStatus],
  ['connectionStatus', admin.connectionStatus],
  ['whatsmyuri', admin.whatsmyuri],
  ['getLog', admin.getLog],
  ['hostInfo', admin.hostInfo],
  ['getCmdLineOpts', admin.getCmdLineOpts],
  ['startSession', admin.startSession],
  ['endSessions', admin.endSessions],
  ['killSessions', admin.endSessions],
  ['refreshSessions', admin.okCommand],
  ['killAllSessions', admin.okCommand],
  ['logout', admin.okCommand],
  ['fsync', admin.fsync],
  ['listSearchIndexes', admin.listSearchIndexes],
  ['explain', explain],
  ['createSearchIndexes', admin.listSearchIndexes],
  ['commitTransaction', admin.transactionsUnsupported],
  ['abortTransaction', admin.transactionsUnsupported],
  ['listDatabases', ns.listDatabases],
  ['listCollections', ns.listCollections],
  ['create', ns.create],
  ['drop', ns.drop],
  ['dropDatabase', ns.dropDatabase],
  ['renameCollection', ns.renameCollection],
  ['collStats', ns.collStats],
  ['dbStats', ns.dbStats],
  ['find', read.find],
  ['getMore', read.getMore],
  ['killCursors', read.killCursors],
  ['count', read.count],
  ['distinct', read.distinct],
  ['insert', write.insert],
  ['update', write.update],
  ['delete', write.del],
  ['findAndModify', write.findAndModify],
  ['findandmodify', write.findAndModify],
  ['aggregate', aggregate],
  ['createIndexes', createIndexes],
  ['listIndexes', listIndexes],
  ['dropIndexes', dropIndexes],
  ['collMod', collMod],
  ['mapReduce', admin.mapReduce],
  ['mapreduce', admin.mapReduce],
  ['convertToCapped', admin.cappedUnsupported],
  ['cloneCollectionAsCapped', admin.cappedUnsupported],
  ['deleteIndexes', dropIndexes],
]);

export function commandNames(): string[] {
  return Array.from(HANDLERS.keys());
}

export type { BaseContext } from './context';

/**
 * Run one command document; always gives a reply document. Commands that complete synchronously
 * and wrote nothing reply synchronously (no promise hop); a command that wrote replies once its
 * writes are durable.
 */
export function runCommand(base: BaseContext, db: string, command: Document): Document | Promise<Document> {
  let commandName = Object.keys(command)[0];
  const mutationsBefore = base.engine.mutations;
  let reply: Document | Promise<Document>;
  try {
    if (commandName === undefined) {
      throw new MongoCommandError(ErrorCodes.FailedToParse, 'empty command object');
    }
    // aggregate with `explain: true` is the explain command in another form.
    if (commandName === 'aggregate' && command['explain'] === true) {
      const { explain: _flag, ...inner } = command;
      command = { explain: inner, verbosity: 'queryPlanner', $db: db };
      commandName = 'explain';
    }
    const handler = HANDLERS.get(commandName);
    if (!handler) {
      throw new MongoCommandError(ErrorCodes.CommandNotFound, `no such command: '${commandName}'`);
    }
    // A standalone mongod refuses transactions and retryable-write transaction numbers.
    if (
      command['txnNumber'] !== undefined ||
      command['startTransaction'] !== undefined ||
      command['autocommit'] !== undefined
    ) {
      throw new MongoCommandError(
        ErrorCodes.IllegalOperation,
        'Transaction numbers are only allowed on a replica set member or mongos',
      );
    }
    const wc = command['writeConcern'];
    if (isPlainObject(wc) && typeof wc['w'] === 'number' && wc['w'] > 1) {
      throw new MongoCommandError(ErrorCodes.BadValue, "cannot use 'w' > 1 with a standalone");
    }
    reply = handler(commandContext(base, db, command, commandName));
  } catch (err) {
    reply = failed(base, commandName, err);
  }
  const name = commandName;
  if (reply instanceof Promise) {
    return reply.then(
      (done) => acknowledge(base, mutationsBefore, name, done),
      (err: unknown) => acknowledge(base, mutationsBefore, name, failed(base, name, err)),
    );
  }
  return acknowledge(base, mutationsBefore, name, reply);
}

function failed(base: BaseContext, commandName: string | undefined, err: unknown): Document {
  if (!(err instanceof MongoCommandError)) {
    base.logger.debug({ err, command: commandName }, 'command failed');
  }
  return errorReply(err);
}

/**
 * Acknowledge only once every write this command made is durable (group commit).
 * Commands that wrote nothing reply at once instead of waiting for others' fsyncs.
 */
function acknowledge(
  base: BaseContext,
  mutationsBefore: number,
  commandName: string | undefined,
  reply: Document,
): Document | Promise<Document> {
  if (base.engine.mutations === mutationsBefore && commandName !== 'fsync') {
    return reply;
  }
  return base.engine.commit().then(
    () => reply,
    (err: unknown) => {
      base.logger.error({ err }, 'journal commit failed');
      return {
        ok: 0,
        errmsg: `journal write failed: ${err instanceof Error ? err.message : String(err)}`,
        code: ErrorCodes.InternalError,
        codeName: 'InternalError',
      };
    },
  );
}
