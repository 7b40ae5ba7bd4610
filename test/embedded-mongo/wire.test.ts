/**
 * Wire-protocol behaviour seen from a raw TCP client: the legacy OP_QUERY
 * handshake, OP_MSG document sequences, moreToCome and checksums. Also checks
 * the embedded server's cursor timeout and background TTL sweep. Embedded-only:
 * skipped with MONGODB_URI.
 */
import { expect } from 'chai';
import net from 'node:net';
import { crc32 } from 'node:zlib';
import { deserialize, serialize, type Document } from 'bson';
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

  it('accepts messages with a trailing checksum', async function () {
    const parts = opMsg({ ping: 1, $db: 'admin' }, [], 1);
    // The checksum (CRC-32C per spec) is stripped, not verified; any value is accepted.
    const sum = Buffer.alloc(4);
    sum.writeUInt32LE(crc32(Buffer.concat(parts)), 0);
    parts.push(sum);
    expect(readOpMsg(await raw.send(parts, 2013))).to.include({ ok: 1 });
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
