/**
 * Wire-protocol behaviour seen from a raw TCP client: the legacy OP_QUERY
 * handshake, OP_MSG document sequences, moreToCome and checksums. Also checks
 * the embedded server's cursor timeout and background TTL sweep. Embedded-only:
 * skipped with MONGODB_URI.
 */
import { expect } from 'chai';
import net from 'node:net';
import { crc32 } from 'node:zlib';
import { Double, Long, ObjectId, UUID, deserialize, serialize, type Binary, type Document } from 'bson';
import { MongoClient, MongoServerError } from 'mongodb';
import type { EmbeddedMongoServer } from '../../service/src/db/embedded/index';
import { startEmbeddedMongo, usingExternalMongo, waitFor } from './support';

class RawClient {
  private readonly socket: net.Socket;
  private buffer = Buffer.alloc(0);
  private waiters: Array<(msg: Buffer) => void> = [];
  private nextId = 1;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      while (this.buffer.length >= 4 && this.buffer.length >= this.buffer.readInt32LE(0)) {
        const len = this.buffer.readInt32LE(0);
        const msg = this.buffer.subarray(0, len);
        this.buffer = this.buffer.subarray(len);
        this.waiters.shift()?.(msg);
      }
    });
  }

  static async connect(port: number): Promise<RawClient> {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
    return new RawClient(socket);
  }

  private header(length: number, opCode: number): Buffer {
    const h = Buffer.alloc(16);
    h.writeInt32LE(length, 0);
    h.writeInt32LE(this.nextId++, 4);
    h.writeInt32LE(0, 8);
    h.writeInt32LE(opCode, 12);
    return h;
  }

  send(parts: Buffer[], opCode: number): Promise<Buffer> {
    const body = Buffer.concat(parts);
    const reply = new Promise<Buffer>((resolve) => this.waiters.push(resolve));
    this.socket.write(Buffer.concat([this.header(16 + body.length, opCode), body]));
    return reply;
  }

  sendNoReply(parts: Buffer[], opCode: number): void {
    const body = Buffer.concat(parts);
    this.socket.write(Buffer.concat([this.header(16 + body.length, opCode), body]));
  }

  close(): void {
    this.socket.destroy();
  }
}

const bson = (doc: Document): Buffer => Buffer.from(serialize(doc));
const int32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n, 0);
  return b;
};
const cstring = (s: string): Buffer => Buffer.concat([Buffer.from(s, 'utf8'), Buffer.from([0])]);

function opMsg(body: Document, sequences: Array<[string, Document[]]> = [], flags = 0): Buffer[] {
  const parts: Buffer[] = [int32(flags), Buffer.from([0]), bson(body)];
  for (const [id, docs] of sequences) {
    const payload = Buffer.concat([cstring(id), ...docs.map(bson)]);
    parts.push(Buffer.from([1]), int32(4 + payload.length), payload);
  }
  return parts;
}

function readOpMsg(msg: Buffer): Document {
  expect(msg.readInt32LE(12)).to.equal(2013);
  expect(msg.readUInt8(20)).to.equal(0);
  return deserialize(msg.subarray(21));
}

(usingExternalMongo ? describe.skip : describe)('embedded mongo: wire protocol', function () {
  let server: EmbeddedMongoServer;
  let raw: RawClient;

  before(async function () {
    server = await startEmbeddedMongo({ cursorTimeoutMs: 200, ttlIntervalMs: 100 });
    raw = await RawClient.connect(server.port);
  });

  after(async function () {
    raw?.close();
    await server?.stop();
  });

  it('answers a legacy OP_QUERY isMaster with OP_REPLY', async function () {
    const reply = await raw.send(
      [int32(0), cstring('admin.$cmd'), int32(0), int32(-1), bson({ isMaster: 1, helloOk: true })],
      2004,
    );
    expect(reply.readInt32LE(12)).to.equal(1);
    expect(reply.readInt32LE(32)).to.equal(1); // numberReturned
    const doc = deserialize(reply.subarray(36));
    expect(doc).to.include({ ismaster: true, helloOk: true, ok: 1, maxWireVersion: 21, minWireVersion: 0 });
  });

  it('accepts OP_MSG kind-1 document sequences', async function () {
    const reply = readOpMsg(
      await raw.send(opMsg({ insert: 'seq', $db: 'wire' }, [['documents', [{ a: 1 }, { a: 2 }, { a: 3 }]]]), 2013),
    );
    expect(reply).to.include({ n: 3, ok: 1 });
    const upd = readOpMsg(
      await raw.send(
        opMsg({ update: 'seq', $db: 'wire' }, [
          [
            'updates',
            [
              { q: { a: 1 }, u: { $set: { b: true } } },
              { q: { a: 9 }, u: { $set: { a: 9 } }, upsert: true },
            ],
          ],
        ]),
        2013,
      ),
    );
    expect(upd).to.include({ n: 2, nModified: 1, ok: 1 });
    const del = readOpMsg(
      await raw.send(opMsg({ delete: 'seq', $db: 'wire' }, [['deletes', [{ q: { a: 2 }, limit: 1 }]]]), 2013),
    );
    expect(del).to.include({ n: 1, ok: 1 });
  });

  it('does not reply to moreToCome messages but applies them', async function () {
    raw.sendNoReply(
      opMsg({ insert: 'fire', $db: 'wire', writeConcern: { w: 0 } }, [['documents', [{ x: 1 }]]], 1 << 1),
      2013,
    );
    const reply = readOpMsg(await raw.send(opMsg({ count: 'fire', $db: 'wire' }), 2013));
    expect(reply).to.include({ n: 1, ok: 1 });
  });

  it('runs messages pipelined behind a write waiting for its commit as they were sent, over any reads', async function () {
    // Each insert waits for its commit while the next messages arrive in later reads of the
    // connection; one is longer than a read, and the last find must see every insert.
    const docs = Array.from({ length: 8 }, (_, i) => ({
      _id: `pipelined-${i}`,
      payload: Buffer.alloc(i === 4 ? 100_000 : 40 + i, i + 1),
    }));
    const replies = docs.map((doc) => raw.send(opMsg({ insert: 'pipelined', documents: [doc], $db: 'wire' }), 2013));
    const found = raw.send(opMsg({ find: 'pipelined', filter: {}, sort: { _id: 1 }, $db: 'wire' }), 2013);
    for (const reply of await Promise.all(replies)) {
      expect(readOpMsg(reply)).to.include({ n: 1, ok: 1 });
    }
    const batch = (readOpMsg(await found)['cursor'] as { firstBatch: Document[] }).firstBatch;
    expect(
      batch.map((d): [string, number] => [String(d['_id']), (d['payload'] as Binary).buffer.length]),
    ).to.deep.equal(docs.map((d) => [d._id, d.payload.length]));
    batch.forEach((d, i) =>
      expect(Buffer.from((d['payload'] as Binary).buffer).equals(docs[i]?.payload as Buffer)).to.equal(true),
    );
  });

  it('accepts messages with a trailing checksum', async function () {
    const parts = opMsg({ ping: 1, $db: 'admin' }, [], 1);
    // The checksum (CRC-32C per spec) is stripped, not verified; any value is accepted.
    const sum = Buffer.alloc(4);
    sum.writeUInt32LE(crc32(Buffer.concat(parts)), 0);
    parts.push(sum);
    expect(readOpMsg(await raw.send(parts, 2013))).to.include({ ok: 1 });
  });

  it('answers a point find read straight from the wire exactly as the general path does', async function () {
    const client = await MongoClient.connect(server.uri);
    const lsid = { id: new UUID() };
    const ids = [new ObjectId(), new ObjectId(), new ObjectId(), new ObjectId()];
    try {
      const coll = client.db('wire').collection('points');
      await coll.createIndex({ email: 1 }, { unique: true });
      await coll.createIndex({ tag: 1 });
      await coll.createIndex({ n: 1 });
      await coll.createIndex({ at: 1 });
      await coll.createIndex({ active: 1 });
      await coll.insertMany([
        { _id: ids[0], email: 'a@example.com', tag: 't', n: 1, at: new Date(0), active: true },
        { _id: ids[1], email: 'ü@example.com', tag: 't', n: new Double(2), at: new Date(-5), active: false },
        { _id: ids[2], email: 'c@example.com', tag: 't', n: 2.5, big: Long.fromNumber(3), active: true },
        { _id: ids[3], email: 'd@example.com', other: 'no index' },
      ]);
    } finally {
      await client.close();
    }
    const finds: Document[] = [
      { find: 'points', filter: { email: 'a@example.com' }, limit: 1, singleBatch: true },
      { find: 'points', filter: { email: 'ü@example.com' } },
      { find: 'points', filter: { _id: ids[2] } },
      { find: 'points', filter: { tag: 't' } },
      { find: 'points', filter: { tag: 't' }, limit: 2 },
      { find: 'points', filter: { tag: 't' }, batchSize: 0 },
      { find: 'points', filter: { tag: 't' }, batchSize: 2, singleBatch: true },
      { find: 'points', filter: { n: 2 } },
      { find: 'points', filter: { n: new Double(2) } },
      { find: 'points', filter: { n: 2.5 } },
      { find: 'points', filter: { at: new Date(-5) } },
      { find: 'points', filter: { active: false } },
      { find: 'points', filter: { email: 'missing' }, readConcern: { level: 'local' }, maxTimeMS: 100, comment: 'c' },
      { find: 'points', filter: { other: 'no index' } }, // no index: the general path answers either way
      { find: 'nowhere', filter: { email: 'a@example.com' } },
      { find: '', filter: { email: 'a@example.com' } },
    ];
    /** The reply with the cursor id's randomness taken out, and the rest of an open cursor's documents. */
    const answer = async (parts: Buffer[]): Promise<Document> => {
      const reply = readOpMsg(await raw.send(parts, 2013));
      const cursor = reply['cursor'] as Document | undefined;
      if (!cursor) {
        return reply;
      }
      const id: unknown = cursor['id'];
      const open = id instanceof Long ? !id.isZero() : id !== 0;
      let rest: unknown;
      if (open) {
        const more = readOpMsg(await raw.send(opMsg({ getMore: id, collection: 'points', $db: 'wire' }), 2013));
        rest = (more['cursor'] as Document)['nextBatch'];
      }
      return { ...reply, cursor: { ...cursor, id: open ? 'open' : 'none' }, rest };
    };
    for (const find of finds) {
      const command = { ...find, lsid, $db: 'wire' };
      const fast = await answer(opMsg(command));
      // With a checksum the message takes the general path (decoded whole, run by the find command).
      const general = await answer([...opMsg(command, [], 1), int32(0)]);
      expect(fast, JSON.stringify(find)).to.deep.equal(general);
    }
  });

  it('closes a cursor left open by a point find when its session ends', async function () {
    const command = async (body: Document): Promise<Document> => readOpMsg(await raw.send(opMsg(body), 2013));
    const indexes = [{ key: { tag: 1 }, name: 'tag_1' }];
    expect(await command({ createIndexes: 'session-cursors', indexes, $db: 'wire' })).to.include({ ok: 1 });
    const documents = [{ tag: 't' }, { tag: 't' }, { tag: 't' }];
    expect(await command({ insert: 'session-cursors', documents, $db: 'wire' })).to.include({ n: 3, ok: 1 });
    const lsid = { id: new UUID() };
    const reply = await command({ find: 'session-cursors', filter: { tag: 't' }, batchSize: 1, lsid, $db: 'wire' });
    const id = (reply['cursor'] as Document)['id'] as Long;
    expect(id.isZero()).to.equal(false);
    expect(await command({ endSessions: [lsid], $db: 'admin' })).to.include({ ok: 1 });
    const more = await command({ getMore: id, collection: 'session-cursors', $db: 'wire' });
    expect(more).to.include({ ok: 0, code: 43 });
  });

  it('answers malformed commands with an error, keeping the connection usable', async function () {
    const bad = readOpMsg(await raw.send(opMsg({ find: 42, $db: 'wire' }), 2013));
    expect(bad['ok']).to.equal(0);
    expect(bad['errmsg']).to.be.a('string');
    expect(readOpMsg(await raw.send(opMsg({ ping: 1, $db: 'admin' }), 2013))).to.include({ ok: 1 });
  });

  it('sweeps TTL-expired documents in the background', async function () {
    const client = await MongoClient.connect(server.uri);
    try {
      const coll = client.db('wire').collection('sessions');
      await coll.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
      await coll.insertMany([
        { s: 'expired', expiresAt: new Date(Date.now() - 1000) },
        { s: 'soon', expiresAt: new Date(Date.now() + 300) },
        { s: 'later', expiresAt: new Date(Date.now() + 3_600_000) },
      ]);
      await waitFor(async () => (await coll.countDocuments()) === 1, 10_000);
      expect((await coll.findOne({}))?.['s']).to.equal('later');
    } finally {
      await client.close();
    }
  });

  it('closes idle cursors after the cursor timeout', async function () {
    const client = await MongoClient.connect(server.uri);
    try {
      const coll = client.db('wire').collection('idle');
      await coll.insertMany(Array.from({ length: 10 }, (_, i) => ({ i })));
      const first = await client.db('wire').command({ find: 'idle', filter: {}, batchSize: 2 });
      const id = (first['cursor'] as { id: unknown }).id;
      await new Promise((r) => setTimeout(r, 700));
      const err = await client
        .db('wire')
        .command({ getMore: id, collection: 'idle' })
        .catch((e: unknown) => e);
      expect(err).to.be.instanceOf(MongoServerError);
      expect((err as MongoServerError).code).to.equal(43);
    } finally {
      await client.close();
    }
  });
});
