/**
 * A MongoDB wire server that does no database work: every command gets a fixed, valid reply (an
 * insert acknowledges one document, a find returns one stored-looking document). The embedded
 * server benchmark drives it with the same clients and load as the real server, which measures what
 * the clients themselves (mongoose, the driver) can do on this machine: the ceiling any server
 * could reach here.
 *
 *   node --import tsx bench/support/canned-mongo-server.ts
 *
 * Prints "waiting for connections on port N", like the embedded server's CLI.
 */
import net from 'node:net';
import { ObjectId, deserialize, serialize } from 'bson';

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

function replyTo(command: Record<string, unknown>, connectionId: number): Record<string, unknown> {
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

function opMsg(responseTo: number, body: Record<string, unknown>): Buffer {
  const document = serialize(body);
  const header = Buffer.alloc(21);
  header.writeInt32LE(21 + document.length, 0);
  header.writeInt32LE(0, 4);
  header.writeInt32LE(responseTo, 8);
  header.writeInt32LE(OP_MSG, 12);
  header.writeUInt32LE(0, 16);
  header.writeUInt8(0, 20); // section kind 0: the body
  return Buffer.concat([header, document]);
}

function opReply(responseTo: number, body: Record<string, unknown>): Buffer {
  const document = serialize(body);
  const header = Buffer.alloc(36);
  header.writeInt32LE(36 + document.length, 0);
  header.writeInt32LE(0, 4);
  header.writeInt32LE(responseTo, 8);
  header.writeInt32LE(OP_REPLY, 12);
  header.writeInt32LE(8, 16); // AwaitCapable
  header.writeInt32LE(1, 32); // numberReturned
  return Buffer.concat([header, document]);
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

const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  socket.on('error', () => socket.destroy());
  const connectionId = ++connectionCount;
  let pending: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 16 && pending.length >= pending.readInt32LE(0)) {
      const length = pending.readInt32LE(0);
      const message = pending.subarray(0, length);
      pending = pending.subarray(length);
      const requestId = message.readInt32LE(4);
      const opCode = message.readInt32LE(12);
      const reply = replyTo(commandOf(message, opCode), connectionId);
      socket.write(opCode === OP_QUERY ? opReply(requestId, reply) : opMsg(requestId, reply));
    }
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(
    `waiting for connections on port ${typeof address === 'object' && address ? address.port : 0}\n`,
  );
});
process.on('SIGTERM', () => process.exit(0));
