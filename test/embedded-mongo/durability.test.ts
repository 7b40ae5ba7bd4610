/**
 * Durability of the embedded server: restart recovery, kill -9 recovery through
 * the CLI, damaged journal tails, compaction, the data-directory lock and group
 * commit under concurrent writers. Embedded-only: skipped with MONGODB_URI.
 */
import { expect } from 'chai';
import fs from 'node:fs/promises';
import path from 'node:path';
import { MongoClient, ObjectId, type Document } from 'mongodb';
import { DbPathLockedError } from '../../service/src/db/embedded/index';
import {
  makeTempDir,
  removeDir,
  runCliExpectingExit,
  spawnCli,
  startEmbeddedMongo,
  usingExternalMongo,
} from './support';

async function journalFiles(dir: string): Promise<string[]> {
  return (await fs.readdir(dir)).filter((f) => f.startsWith('journal.')).sort();
}

(usingExternalMongo ? describe.skip : describe)('embedded mongo: durability', function () {
  let dir: string;

  beforeEach(async function () {
    dir = await makeTempDir();
  });

  afterEach(async function () {
    await removeDir(dir);
  });

  it('keeps data, indexes and collection metadata across a clean restart', async function () {
    let server = await startEmbeddedMongo({ dbPath: dir });
    let client = await MongoClient.connect(server.uri);
    const id = new ObjectId();
    await client.db('app').collection('users').createIndex({ email: 1 }, { unique: true });
    await client
      .db('app')
      .collection('users')
      .insertMany([
        { _id: id, email: 'a@x', n: 1 },
        { email: 'b@x', n: 2 },
      ]);
    await client
      .db('app')
      .collection('users')
      .updateOne({ _id: id }, { $set: { n: 10 } });
    await client.db('app').collection('users').deleteOne({ email: 'b@x' });
    await client.db('app').createCollection('empty');
    await client.close();
    await server.stop();

    server = await startEmbeddedMongo({ dbPath: dir });
    client = await MongoClient.connect(server.uri);
    try {
      const users = client.db('app').collection('users');
      expect(await users.find({}).toArray()).to.deep.equal([{ _id: id, email: 'a@x', n: 10 }]);
      expect((await users.listIndexes().toArray()).map((i: Document) => i['name'] as unknown)).to.deep.equal([
        '_id_',
        'email_1',
      ]);
      const dup = await users.insertOne({ email: 'a@x' }).catch((e: unknown) => e);
      expect((dup as { code?: number }).code).to.equal(11000);
      const names = (await client.db('app').listCollections().toArray()).map((c) => c.name).sort();
      expect(names).to.deep.equal(['empty', 'users']);
    } finally {
      await client.close();
      await server.stop();
    }
  });

  it('answers point finds with the current version of a document after every kind of write and a restart', async function () {
    const id = new ObjectId();
    const version = (email: string, n: number): Document => ({ _id: id, email, team: 'red', n });
    /**
     * The document as point finds return it: by `_id`, by its unique email (an index entry of one
     * document) and among its team (a key that another document also holds).
     */
    const pointFinds = async (client: MongoClient, email: string): Promise<unknown[]> => {
      const users = client.db('app').collection('users');
      const team = await users.find({ team: 'red' }).toArray();
      return [await users.findOne({ _id: id }), await users.findOne({ email }), team.find((d) => id.equals(d._id))];
    };
    let server = await startEmbeddedMongo({ dbPath: dir });
    let client = await MongoClient.connect(server.uri);
    try {
      const users = client.db('app').collection('users');
      await users.createIndex({ email: 1 }, { unique: true });
      await users.createIndex({ team: 1 });
      await users.insertMany([version('a@x', 1), { email: 'z@x', team: 'red' }]);
      expect(await pointFinds(client, 'a@x')).to.deep.equal(Array(3).fill(version('a@x', 1)));
      await users.updateOne({ _id: id }, { $set: { n: 2 } });
      expect(await pointFinds(client, 'a@x')).to.deep.equal(Array(3).fill(version('a@x', 2)));
      await users.replaceOne({ email: 'a@x' }, { email: 'b@x', team: 'red', n: 3 });
      expect(await pointFinds(client, 'b@x')).to.deep.equal(Array(3).fill(version('b@x', 3)));
      expect(await users.findOne({ email: 'a@x' })).to.equal(null);
      await users.findOneAndUpdate({ email: 'b@x' }, { $inc: { n: 1 } });
      expect(await pointFinds(client, 'b@x')).to.deep.equal(Array(3).fill(version('b@x', 4)));
      await users.bulkWrite([{ updateOne: { filter: { _id: id }, update: { $set: { n: 5 } } } }]);
      expect(await pointFinds(client, 'b@x')).to.deep.equal(Array(3).fill(version('b@x', 5)));
    } finally {
      await client.close();
      await server.stop();
    }
    // Recovered documents have no encoding until their first read; an update then replaces it.
    server = await startEmbeddedMongo({ dbPath: dir });
    client = await MongoClient.connect(server.uri);
    try {
      expect(await pointFinds(client, 'b@x')).to.deep.equal(Array(3).fill(version('b@x', 5)));
      await client
        .db('app')
        .collection('users')
        .updateOne({ _id: id }, { $set: { n: 6 } });
      expect(await pointFinds(client, 'b@x')).to.deep.equal(Array(3).fill(version('b@x', 6)));
    } finally {
      await client.close();
      await server.stop();
    }
  });

  it('recovers from the journal alone when the process did not stop cleanly', async function () {
    // compactOnStop: false leaves everything in the journal, as after a crash.
    let server = await startEmbeddedMongo({ dbPath: dir, compactOnStop: false });
    let client = await MongoClient.connect(server.uri);
    await client
      .db('j')
      .collection('c')
      .insertMany(Array.from({ length: 50 }, (_, i) => ({ i })));
    await client
      .db('j')
      .collection('c')
      .updateMany({ i: { $lt: 10 } }, { $set: { low: true } });
    await client.db('j').collection('gone').insertOne({ x: 1 });
    await client.db('j').collection('gone').drop();
    await client.close();
    await server.stop();
    expect(await fs.stat(path.join(dir, 'snapshot.bson')).catch(() => null)).to.equal(null);

    server = await startEmbeddedMongo({ dbPath: dir });
    client = await MongoClient.connect(server.uri);
    try {
      expect(await client.db('j').collection('c').countDocuments()).to.equal(50);
      expect(await client.db('j').collection('c').countDocuments({ low: true })).to.equal(10);
      expect((await client.db('j').listCollections().toArray()).map((c) => c.name)).to.deep.equal(['c']);
    } finally {
      await client.close();
      await server.stop();
    }
  });

  it('compacts the journal into a snapshot and replays later writes on top', async function () {
    let server = await startEmbeddedMongo({ dbPath: dir, compactThresholdBytes: 20_000, compactOnStop: false });
    let client = await MongoClient.connect(server.uri);
    const coll = client.db('cmp').collection('c');
    for (let i = 0; i < 40; i++) {
      await coll.insertOne({ i, pad: 'x'.repeat(1000) });
    }
    await server.compact();
    await coll.insertOne({ i: 'after' });
    await coll.deleteOne({ i: 0 });
    expect((await journalFiles(dir)).length).to.equal(1);
    await client.close();
    await server.stop();
    server = await startEmbeddedMongo({ dbPath: dir });
    client = await MongoClient.connect(server.uri);
    try {
      expect(await client.db('cmp').collection('c').countDocuments()).to.equal(40);
      expect(await client.db('cmp').collection('c').findOne({ i: 'after' })).to.not.equal(null);
      expect(await client.db('cmp').collection('c').findOne({ i: 0 })).to.equal(null);
    } finally {
      await client.close();
      await server.stop();
    }
  });

  it('keeps every acknowledged write after kill -9 of the CLI process', async function () {
    const cli = await spawnCli(dir);
    const client = await MongoClient.connect(cli.uri);
    const coll = client.db('crash').collection('events');
    await coll.createIndex({ seq: 1 }, { unique: true });
    const acknowledged: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; i < 25; i++) {
          const seq = w * 1000 + i;
          await coll.insertOne({ seq, w });
          acknowledged.push(seq);
        }
      }),
    );
    await coll.updateOne({ seq: 0 }, { $set: { updated: true } });
    cli.child.kill('SIGKILL');
    await cli.exited;
    await client.close(true);

    const restarted = await spawnCli(dir);
    const client2 = await MongoClient.connect(restarted.uri);
    try {
      const events = client2.db('crash').collection('events');
      const seqs = (await events.find({}).toArray()).map((d) => d['seq'] as number);
      expect(seqs.sort((a, b) => a - b)).to.deep.equal(acknowledged.sort((a, b) => a - b));
      expect((await events.findOne({ seq: 0 }))?.['updated']).to.equal(true);
      expect(((await events.insertOne({ seq: 5 }).catch((e: unknown) => e)) as { code?: number }).code).to.equal(11000);
    } finally {
      await client2.close();
      restarted.child.kill('SIGTERM');
      await restarted.exited;
    }
  });

  it('recovers from a truncated or corrupted journal tail', async function () {
    let server = await startEmbeddedMongo({ dbPath: dir, compactOnStop: false });
    let client = await MongoClient.connect(server.uri);
    await client
      .db('tail')
      .collection('c')
      .insertMany([{ n: 1 }, { n: 2 }, { n: 3 }]);
    await client.close();
    await server.stop();
    const [file] = await journalFiles(dir);
    const journal = path.join(dir, file as string);
    const good = await fs.readFile(journal);
    // A torn write: half a record appended after the last good one.
    await fs.writeFile(journal, Buffer.concat([good, good.subarray(0, 30)]));
    server = await startEmbeddedMongo({ dbPath: dir, compactOnStop: false });
    client = await MongoClient.connect(server.uri);
    expect(await client.db('tail').collection('c').countDocuments()).to.equal(3);
    await client.db('tail').collection('c').insertOne({ n: 4 });
    await client.close();
    await server.stop();
    // Flip a byte inside the last record: its CRC fails, earlier records survive.
    const bytes = await fs.readFile(journal);
    bytes[bytes.length - 3] = (bytes[bytes.length - 3] as number) ^ 0xff;
    await fs.writeFile(journal, bytes);
    server = await startEmbeddedMongo({ dbPath: dir });
    client = await MongoClient.connect(server.uri);
    try {
      const ns = (await client.db('tail').collection('c').find({}).toArray()).map((d) => d['n'] as unknown);
      expect(ns).to.deep.equal([1, 2, 3]);
    } finally {
      await client.close();
      await server.stop();
    }
  });

  it('ignores a half-written snapshot left by a crash during compaction', async function () {
    let server = await startEmbeddedMongo({ dbPath: dir, compactOnStop: false });
    let client = await MongoClient.connect(server.uri);
    await client
      .db('snap')
      .collection('c')
      .insertMany([{ n: 1 }, { n: 2 }]);
    await server.compact();
    await client.db('snap').collection('c').insertOne({ n: 3 });
    await client.close();
    await server.stop();
    // A crash while writing the next snapshot leaves its temp file behind.
    await fs.writeFile(path.join(dir, 'snapshot.bson.tmp'), Buffer.from('partial snapshot bytes'));
    server = await startEmbeddedMongo({ dbPath: dir });
    client = await MongoClient.connect(server.uri);
    try {
      const ns = (await client.db('snap').collection('c').find({}).sort({ n: 1 }).toArray()).map(
        (d) => d['n'] as unknown,
      );
      expect(ns).to.deep.equal([1, 2, 3]);
      expect(await fs.stat(path.join(dir, 'snapshot.bson.tmp')).catch(() => null)).to.equal(null);
    } finally {
      await client.close();
      await server.stop();
    }
  });

  it('refuses to start on a damaged snapshot instead of losing data silently', async function () {
    const server = await startEmbeddedMongo({ dbPath: dir });
    const client = await MongoClient.connect(server.uri);
    await client.db('snap').collection('c').insertOne({ n: 1 });
    await client.close();
    await server.stop(); // writes snapshot.bson
    const file = path.join(dir, 'snapshot.bson');
    const bytes = await fs.readFile(file);
    bytes[20] = (bytes[20] as number) ^ 0xff;
    await fs.writeFile(file, bytes);
    const err = await startEmbeddedMongo({ dbPath: dir }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(Error);
    expect((err as Error).message).to.match(/snapshot .* is damaged/);
    // The failed start released the lock.
    expect(await fs.stat(path.join(dir, 'mongod.lock')).catch(() => null)).to.equal(null);
  });

  it('restores exactly the pre-restart state after mixed concurrent writes and compactions', async function () {
    const server = await startEmbeddedMongo({ dbPath: dir, compactOnStop: false, compactThresholdBytes: 8_000 });
    const client = await MongoClient.connect(server.uri, { maxPoolSize: 16 });
    const coll = client.db('mix').collection<{ _id: number; v: number; tags?: string[] }>('c');
    await coll.createIndex({ v: 1 });
    let seed = 42;
    const rand = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let i = 0; i < 40; i++) {
          const id = rand(60);
          switch (rand(4)) {
            case 0:
              await coll.updateOne({ _id: id }, { $set: { v: rand(1000) } }, { upsert: true });
              break;
            case 1:
              await coll.updateOne({ _id: id }, { $inc: { v: 1 }, $push: { tags: `t${rand(5)}` } });
              break;
            case 2:
              await coll.deleteOne({ _id: id });
              break;
            default:
              await coll.replaceOne({ _id: id }, { v: -id }, { upsert: true });
          }
        }
      }),
    );
    const before = await coll.find({}).sort({ _id: 1 }).toArray();
    await client.close();
    await server.stop();

    const again = await startEmbeddedMongo({ dbPath: dir });
    const client2 = await MongoClient.connect(again.uri);
    try {
      const after = await client2.db('mix').collection('c').find({}).sort({ _id: 1 }).toArray();
      expect(after).to.deep.equal(before);
      const indexed = await client2
        .db('mix')
        .collection('c')
        .countDocuments({ v: before[0]?.v ?? 0 });
      expect(indexed).to.equal(before.filter((d) => d.v === (before[0]?.v ?? 0)).length);
    } finally {
      await client2.close();
      await again.stop();
    }
  });

  it('refuses a second server on the same data directory', async function () {
    const server = await startEmbeddedMongo({ dbPath: dir });
    try {
      const inProcess = await startEmbeddedMongo({ dbPath: dir }).catch((e: unknown) => e);
      expect(inProcess).to.be.instanceOf(DbPathLockedError);
      const other = await runCliExpectingExit(dir);
      expect(other.code).to.not.equal(0);
      expect(other.output).to.match(/locked by another running process|already in use/);
    } finally {
      await server.stop();
    }
    // Released on stop: a new server can open it.
    const again = await startEmbeddedMongo({ dbPath: dir });
    await again.stop();
  });

  it('takes over a stale lock left by a dead process', async function () {
    const lockPath = path.join(dir, 'mongod.lock');
    await fs.writeFile(lockPath, '999999999\n');
    const warnings: Array<{ fields: object; message: string | undefined }> = [];
    const logger = {
      info: () => undefined,
      debug: () => undefined,
      error: () => undefined,
      warn: (fields: object, message?: string) => warnings.push({ fields, message }),
    };
    const server = await startEmbeddedMongo({ dbPath: dir, logger });
    try {
      // the lock is ours now, and the server on it serves writes
      expect((await fs.readFile(lockPath, 'utf8')).trim()).to.equal(String(process.pid));
      expect(warnings).to.deep.include({
        fields: { lockPath: await fs.realpath(lockPath), stalePid: '999999999' },
        message: 'taking over stale lock file',
      });
      const client = await MongoClient.connect(server.uri);
      try {
        await client.db('lock').collection('c').insertOne({ after: 'takeover' });
        expect(await client.db('lock').collection('c').countDocuments()).to.equal(1);
      } finally {
        await client.close();
      }
      // a second server is refused by the lock taken over, not let in by a stale one
      expect(await startEmbeddedMongo({ dbPath: dir }).catch((e: unknown) => e)).to.be.instanceOf(DbPathLockedError);
    } finally {
      await server.stop();
    }
    await fs.access(lockPath).then(
      () => expect.fail('the lock file outlived its server'),
      () => undefined,
    );
  });

  it('acknowledges concurrent writers through group commit without losing any, while compacting', async function () {
    // A tiny compaction threshold makes snapshots happen while writers are active.
    const server = await startEmbeddedMongo({ dbPath: dir, compactOnStop: false, compactThresholdBytes: 16_000 });
    const client = await MongoClient.connect(server.uri, { maxPoolSize: 32 });
    const coll = client.db('gc').collection('c');
    await Promise.all(
      Array.from({ length: 32 }, async (_, w) => {
        for (let i = 0; i < 20; i++) {
          await coll.insertOne({ w, i });
        }
      }),
    );
    await client.close();
    await server.stop();
    const again = await startEmbeddedMongo({ dbPath: dir });
    const client2 = await MongoClient.connect(again.uri);
    try {
      expect(await client2.db('gc').collection('c').countDocuments()).to.equal(640);
    } finally {
      await client2.close();
      await again.stop();
    }
  });
});
