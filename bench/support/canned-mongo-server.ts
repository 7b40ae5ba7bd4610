/**
 * A MongoDB wire server that does no database work: every command gets a fixed, valid reply (an
 * insert acknowledges one document, a find returns one stored-looking document). The embedded
 * server benchmark drives it with the same clients and load as the real server, which measures what
 * the clients themselves (mongoose, the driver) cost on this machine, and its own CPU per operation
 * is the wire protocol's floor in Node: the server's own socket reading, framing and reply writing
 * (`wire-socket.ts`), one read and one write per message, the reply bodies of the load's commands
 * encoded once.
 *
 *   node --import tsx bench/support/canned-mongo-server.ts
 *
 * Prints "waiting for connections on port N", like the embedded server's CLI.
 */
import net from 'node:net';
import { ObjectId, deserialize, serialize } from 'bson';
import { WIRE_SERVER_OPTIONS, readMessages, writeReplies } from '../../service/src/db/embedded/wire-socket';

const OP_MSG = 2013;
const OP_QUERY = 2004;
const OP_REPLY = 1;

const storedDocument = { _id: new ObjectId(), email: 'user1@example.com', name: 'User 1', plan: 1 };
let connectionCount = 0;

function helloReply(connectionId: number): Record<string, unknown> {
  return {
    helloOk: true,
    ismaster: true,
    isWritablePrimary: true,
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId,
    minWireVersion: 0,
    maxWireVersion: 21,
    readOnly: false,
    ok: 1,
  };
}

function cursorReply(ns: string, firstBatch: unknown[]): Record<string, unknown> {
  return { cursor: { firstBatch, id: 0n, ns }, ok: 1 };
}

function commandReply(command: Record<string, unknown>, connectionId: number): Record<string, unknown> {
  const name = Object.keys(command)[0] ?? '';
  const ns = `${String(command.$db)}.${String(command[name])}`;
  switch (name) {
    case 'hello':
    case 'isMaster':
    case 'ismaster':
      return helloReply(connectionId);
    case 'insert':
      return { n: Array.isArray(command.documents) ? command.documents.length : 1, ok: 1 };
    case 'update':
    case 'delete':
      return { n: 1, nModified: 1, ok: 1 };
    case 'find':
      return cursorReply(ns, [storedDocument]);
    case 'aggregate':
    case 'listIndexes':
    case 'listCollections':
      return cursorReply(ns, []);
    case 'serverStatus': {
      const cpu = process.cpuUsage();
      return { extra_info: { user_time_us: cpu.user, system_time_us: cpu.system }, ok: 1 };
    }
    default:
      return { ok: 1 };
  }
}

/** An OP_MSG reply around an encoded body, in one buffer. */
function opMsg(responseTo: number, body: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(21 + body.length);
  out.writeInt32LE(21 + body.length, 0);
  out.writeInt32LE(0, 4);
  out.writeInt32LE(responseTo, 8);
  out.writeInt32LE(OP_MSG, 12);
  out.writeUInt32LE(0, 16);
  out.writeUInt8(0, 20); // section kind 0: the body
  out.set(body, 21);
  return out;
}

function opReply(responseTo: number, body: Record<string, unknown>): Buffer {
  const document = serialize(body);
  const out = Buffer.alloc(36 + document.length);
  out.writeInt32LE(36 + document.length, 0);
  out.writeInt32LE(responseTo, 8);
  out.writeInt32LE(OP_REPLY, 12);
  out.writeInt32LE(8, 16); // AwaitCapable
  out.writeInt32LE(1, 32); // numberReturned
  out.set(document, 36);
  return out;
}

/** The command document of an OP_MSG (section 0) or of a legacy OP_QUERY handshake. */
function commandOf(message: Buffer, opCode: number): Record<string, unknown> {
  if (opCode === OP_QUERY) {
    const nameEnd = message.indexOf(0, 20);
    const start = nameEnd + 9; // after the collection name, numberToSkip and numberToReturn
    return deserialize(message.subarray(start, start + message.readInt32LE(start)));
  }
  return deserialize(message.subarray(21, 21 + message.readInt32LE(21)));
}

/**
 * The reply bodies of the load's commands, encoded once: the wire floor does no BSON work per
 * message beyond reading the command's name and collection.
 */
const cachedBodies = new Map<string, Uint8Array>();

/**
 * The body of an OP_MSG's reply. The load's commands (insert, find…) are recognised from the body's
 * first element, `<command>: "<collection>"`, and answered from the cache; anything else (the
 * handshake, serverStatus, createIndexes) is decoded and answered in full.
 */
function opMsgReplyBody(message: Buffer, connectionId: number): Uint8Array {
  const bodyStart = 21;
  const nameStart = bodyStart + 5;
  const nameEnd = message.indexOf(0, nameStart);
  const name = message.toString('latin1', nameStart, nameEnd);
  if (CACHED_COMMANDS.has(name) && message[bodyStart + 4] === 0x02) {
    const valueStart = nameEnd + 5;
    const collection = message.toString('utf8', valueStart, valueStart + message.readInt32LE(nameEnd + 1) - 1);
    const key = `${name}:${collection}`;
    let body = cachedBodies.get(key);
    if (!body) {
      const command = deserialize(message.subarray(bodyStart, bodyStart + message.readInt32LE(bodyStart)));
      body = serialize(commandReply(command, connectionId));
      cachedBodies.set(key, body);
    }
    return body;
  }
  return serialize(commandReply(commandOf(message, OP_MSG), connectionId));
}

/** Commands whose reply depends on nothing but their name and collection. */
const CACHED_COMMANDS = new Set(['insert', 'update', 'delete', 'find']);

/** The reply to one framed message. */
function replyTo(message: Buffer, connectionId: number): Buffer {
  const requestId = message.readInt32LE(4);
  return message.readInt32LE(12) === OP_QUERY
    ? opReply(requestId, commandReply(commandOf(message, OP_QUERY), connectionId))
    : opMsg(requestId, opMsgReplyBody(message, connectionId));
}

// The socket handling of the embedded server's (`service/src/db/embedded/server.ts`), from the same
// module: no Nagle, each read into one reused buffer and copied out, framed by length (a read holding
// one whole message handed over without slicing), one write per reply, the replies to several
// messages of one read corked into one write.
const server = net.createServer(WIRE_SERVER_OPTIONS, (accepted) => {
  const connectionId = ++connectionCount;
  const replies: Buffer[] = [];
  const socket = readMessages(accepted, {
    onMessage: (message) => {
      replies.push(replyTo(message, connectionId));
    },
    onReadEnd: () => {
      writeReplies(socket, replies);
      replies.length = 0;
    },
    onInvalidLength: () => undefined,
  });
  socket.setNoDelay(true);
  socket.on('error', () => socket.destroy());
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(
    `waiting for connections on port ${typeof address === 'object' && address ? address.port : 0}\n`,
  );
});
process.on('SIGTERM', () => process.exit(0));
