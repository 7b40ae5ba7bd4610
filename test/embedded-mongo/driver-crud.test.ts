/**
 * Compatibility suite, part 1: handshake/admin commands, CRUD and cursors through the
 * official `mongodb` driver against the embedded server (or MONGODB_URI when set).
 */
import { expect } from 'chai';
import {
  Binary,
  Long,
  type MongoClient,
  MongoServerError,
  ObjectId,
  UUID,
  type Db,
  type Document,
  type UpdateFilter,
} from 'mongodb';
import { uniqueDbName, useDriverDatabase, usingExternalMongo } from './support';

describe('embedded mongo: driver — commands, CRUD, cursors', function () {
  const driver = useDriverDatabase('drv');
  let db: Db;
  let client: MongoClient;

  before(async function () {
    ({ db, client } = driver);
  });

  describe('handshake and admin commands', function () {
    it('answers hello as a writable standalone server', async function () {
      const hello = await db.admin().command({ hello: 1 });
      expect(hello['isWritablePrimary']).to.equal(true);
      expect(hello['setName']).to.equal(undefined);
      expect(hello['maxWireVersion']).to.be.at.least(17);
      expect(hello['logicalSessionTimeoutMinutes']).to.equal(30);
      expect(hello['maxBsonObjectSize']).to.equal(16 * 1024 * 1024);
      expect(hello['maxWriteBatchSize']).to.equal(100_000);
      expect(hello['localTime']).to.be.instanceOf(Date);
      expect(hello['connectionId']).to.be.a('number');
      const legacy = await db.admin().command({ isMaster: 1 });
      expect(legacy['ismaster']).to.equal(true);
    });

    it('answers ping, buildInfo, serverStatus, connectionStatus, hostInfo, getParameter, whatsmyuri, getLog', async function () {
      const admin = db.admin();
      expect((await admin.command({ ping: 1 }))['ok']).to.equal(1);
      const info = await admin.command({ buildInfo: 1 });
      expect(info['version']).to.match(/^\d+\.\d+\.\d+/);
      expect(info['versionArray']).to.be.an('array');
      expect((await admin.command({ serverStatus: 1 }))['ok']).to.equal(1);
      expect((await admin.command({ connectionStatus: 1 }))['authInfo']).to.be.an('object');
      expect((await admin.command({ hostInfo: 1 }))['system']).to.be.an('object');
      const fcv = await admin.command({ getParameter: 1, featureCompatibilityVersion: 1 });
      expect(fcv['featureCompatibilityVersion']).to.have.property('version');
      expect((await admin.command({ whatsmyuri: 1 }))['you']).to.be.a('string');
      expect((await admin.command({ getLog: '*' }))['names']).to.be.an('array');
    });

    it('answers unknown commands with CommandNotFound', async function () {
      const err = await db.command({ definitelyNotACommand: 1 }).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(MongoServerError);
      expect((err as MongoServerError).code).to.equal(59);
      expect((err as MongoServerError).codeName).to.equal('CommandNotFound');
    });

    it('refuses transactions like a standalone mongod', async function () {
      const coll = db.collection('txn');
      const raw = await db
        .command({
          insert: 'txn',
          documents: [{ a: 1 }],
          txnNumber: Long.fromNumber(1),
          startTransaction: true,
          autocommit: false,
        })
        .catch((e: unknown) => e);
      expect(raw).to.be.instanceOf(MongoServerError);
      expect((raw as MongoServerError).code).to.equal(20);
      expect((raw as MongoServerError).codeName).to.equal('IllegalOperation');
      expect((raw as MongoServerError).message).to.equal(
        'Transaction numbers are only allowed on a replica set member or mongos',
      );
      const session = client.startSession();
      try {
        // The driver rewrites code 20 into its "does not support retryable writes" error, as with a real standalone.
        const err = await session
          .withTransaction(async () => {
            await coll.insertOne({ a: 1 }, { session });
          })
          .catch((e: unknown) => e);
        expect(err).to.be.instanceOf(Error);
        expect((err as Error).message).to.match(/Transaction numbers|retryable writes|replica set/);
      } finally {
        await session.endSession();
      }
      expect(await coll.countDocuments()).to.equal(0);
    });

    it('refuses write concerns a standalone cannot satisfy', async function () {
      const err = await db
        .collection('wc')
        .insertOne({ a: 1 }, { writeConcern: { w: 2, wtimeoutMS: 100 } })
        .catch((e: unknown) => e);
      expect(err).to.be.instanceOf(MongoServerError);
      const ok = await db.collection('wc').insertOne({ a: 2 }, { writeConcern: { w: 'majority', journal: true } });
      expect(ok.acknowledged).to.equal(true);
    });

    it('lists databases and collections (with filter and nameOnly)', async function () {
      await db.collection('listed_a').insertOne({ x: 1 });
      await db.createCollection('listed_b');
      const dbs = await db.admin().listDatabases();
      expect(dbs.databases.map((d) => d.name)).to.include(db.databaseName);
      const all = await db.listCollections({}, { nameOnly: true }).toArray();
      expect(all.map((c) => c.name)).to.include.members(['listed_a', 'listed_b']);
      const filtered = await db.listCollections({ name: 'listed_b' }).toArray();
      expect(filtered).to.have.length(1);
      expect(filtered[0]).to.include({ name: 'listed_b', type: 'collection' });
      const dup = await db.createCollection('listed_b').catch((e: unknown) => e);
      expect((dup as MongoServerError).code).to.equal(48);
    });

    it('drops collections and databases', async function () {
      const other = client.db(uniqueDbName('drop'));
      await other.collection('c').insertOne({ a: 1 });
      expect(await other.collection('c').drop()).to.equal(true);
      expect(await other.listCollections().toArray()).to.have.length(0);
      await other.collection('d').insertOne({ a: 1 });
      await other.dropDatabase();
      const names = (await client.db('admin').admin().listDatabases()).databases.map((d) => d.name);
      expect(names).to.not.include(other.databaseName);
    });

    it('reports collStats and dbStats', async function () {
      const coll = db.collection('stats');
      await coll.insertMany([{ a: 1 }, { a: 2 }]);
      const stats = await db.command({ collStats: 'stats' });
      expect(stats['count']).to.equal(2);
      const dbStats = await db.stats();
      expect(dbStats['objects']).to.be.at.least(2);
    });
  });

  describe('CRUD', function () {
    it('inserts, finds with filter/sort/projection/skip/limit', async function () {
      const coll = db.collection('crud');
      await coll.insertMany(
        Array.from({ length: 20 }, (_, i) => ({ i, even: i % 2 === 0, tags: [`t${i % 3}`], nested: { v: i * 10 } })),
      );
      const evens = await coll
        .find({ even: true })
        .sort({ i: -1 })
        .skip(2)
        .limit(3)
        .project({ _id: 0, i: 1 })
        .toArray();
      expect(evens).to.deep.equal([{ i: 14 }, { i: 12 }, { i: 10 }]);
      expect(await coll.countDocuments({ tags: 't1' })).to.equal(7);
      expect(await coll.countDocuments({ 'nested.v': { $gte: 150 } })).to.equal(5);
      const one = await coll.findOne({ i: 7 }, { projection: { nested: 1 } });
      expect(one).to.have.keys(['_id', 'nested']);
      expect(await coll.estimatedDocumentCount()).to.equal(20);
      expect((await coll.distinct('tags')).sort()).to.deep.equal(['t0', 't1', 't2']);
    });

    it('supports a negative limit as a single batch', async function () {
      const coll = db.collection('crud');
      expect(await coll.find({}).limit(-2).toArray()).to.have.length(2);
      if (usingExternalMongo) {
        return; // mongod rejects a negative limit in the raw find command; we accept it (legacy semantics)
      }
      const res = await db.command({ find: 'crud', filter: {}, sort: { i: 1 }, limit: -3 });
      const cursor = res['cursor'] as { firstBatch: unknown[]; id: Long };
      expect(cursor.firstBatch).to.have.length(3);
      expect(Number(cursor.id)).to.equal(0);
    });

    it('sorts missing fields first and keeps sort stable', async function () {
      const coll = db.collection('sorting');
      await coll.insertMany([{ k: 2, n: 'a' }, { n: 'b' }, { k: 1, n: 'c' }, { k: 2, n: 'd' }, { k: null, n: 'e' }]);
      const asc = await coll
        .find({}, { projection: { _id: 0, n: 1 } })
        .sort({ k: 1 })
        .toArray();
      expect(asc.map((d) => d['n'] as unknown).slice(2)).to.deep.equal(['c', 'a', 'd']);
      expect(
        asc
          .map((d) => d['n'] as unknown)
          .slice(0, 2)
          .sort(),
      ).to.deep.equal(['b', 'e']);
    });

    it('updates with operators, multi, arrayFilters, replacement and pipelines', async function () {
      const coll = db.collection('upd');
      await coll.insertMany([
        { name: 'a', n: 1, grades: [80, 95, 100] },
        { name: 'b', n: 2, grades: [60, 70] },
        { name: 'c', n: 3, grades: [] },
      ]);
      const many = await coll.updateMany({ n: { $gte: 2 } }, { $inc: { n: 10 }, $set: { touched: true } });
      expect(many.matchedCount).to.equal(2);
      expect(many.modifiedCount).to.equal(2);
      await coll.updateOne({ name: 'a' }, { $set: { 'grades.$[g]': 0 } }, { arrayFilters: [{ g: { $gte: 95 } }] });
      expect((await coll.findOne({ name: 'a' }))?.['grades']).to.deep.equal([80, 0, 0]);
      await coll.updateOne({ name: 'b', grades: 70 }, { $set: { 'grades.$': 71 } });
      expect((await coll.findOne({ name: 'b' }))?.['grades']).to.deep.equal([60, 71]);
      const same = await coll.updateOne({ name: 'b' }, { $set: { n: 12 } });
      expect(same.matchedCount).to.equal(1);
      expect(same.modifiedCount).to.equal(0);
      const before = await coll.findOne({ name: 'c' });
      await coll.replaceOne({ name: 'c' }, { name: 'c2', replaced: true });
      const after = await coll.findOne({ name: 'c2' });
      expect(after?._id.equals(before?._id)).to.equal(true);
      expect(after).to.not.have.property('grades');
      await coll.updateOne({ name: 'a' }, [{ $set: { total: { $sum: '$grades' }, upper: { $toUpper: '$name' } } }]);
      expect(await coll.findOne({ name: 'a' }, { projection: { _id: 0, total: 1, upper: 1 } })).to.deep.equal({
        total: 80,
        upper: 'A',
      });
      await coll.updateOne({ name: 'a' }, {
        $push: { grades: { $each: [1, 2] } },
        $unset: { upper: '' },
      } as unknown as UpdateFilter<Document>);
      expect((await coll.findOne({ name: 'a' }))?.['grades']).to.deep.equal([80, 0, 0, 1, 2]);
    });

    it('upserts, applying $setOnInsert and query equality fields, and reports upserted ids', async function () {
      const coll = db.collection('ups');
      const r1 = await coll.updateOne(
        { key: 'k1', 'meta.kind': 'x' },
        { $set: { v: 1 }, $setOnInsert: { created: true } },
        { upsert: true },
      );
      expect(r1.upsertedCount).to.equal(1);
      expect(r1.upsertedId).to.be.instanceOf(ObjectId);
      const doc = await coll.findOne({ key: 'k1' });
      expect(doc).to.include({ key: 'k1', v: 1, created: true });
      expect(doc?.['meta']).to.deep.equal({ kind: 'x' });
      const r2 = await coll.updateOne(
        { key: 'k1' },
        { $set: { v: 2 }, $setOnInsert: { created: false } },
        { upsert: true },
      );
      expect(r2.upsertedCount).to.equal(0);
      expect(r2.matchedCount).to.equal(1);
      expect((await coll.findOne({ key: 'k1' }))?.['created']).to.equal(true);
      const r3 = await coll.replaceOne({ _id: 'custom' as unknown as ObjectId }, { hello: 'world' }, { upsert: true });
      expect(r3.upsertedId).to.equal('custom');
      const bulk = await coll.bulkWrite([
        { updateOne: { filter: { key: 'b1' }, update: { $set: { v: 1 } }, upsert: true } },
        { updateOne: { filter: { key: 'b2' }, update: { $set: { v: 2 } }, upsert: true } },
      ]);
      expect(bulk.upsertedCount).to.equal(2);
      expect(Object.keys(bulk.upsertedIds)).to.deep.equal(['0', '1']);
    });

    it('lets an upsert set _id through $setOnInsert or $set', async function () {
      const coll = db.collection<{ _id: string; k?: number; n?: number; c?: number }>('ups_id');
      await coll.updateOne({ k: 1 }, { $inc: { n: 1 }, $setOnInsert: { _id: 'abc' } }, { upsert: true });
      expect(await coll.findOne({ _id: 'abc' })).to.deep.equal({ _id: 'abc', k: 1, n: 1 });
      const res = await coll.findOneAndUpdate(
        { k: 2 },
        { $set: { c: 3 }, $setOnInsert: { _id: 'abd' } },
        { upsert: true, returnDocument: 'after' },
      );
      expect(res).to.deep.equal({ _id: 'abd', k: 2, c: 3 });
      // On an existing document $setOnInsert is ignored and $set of the same _id is a no-op.
      await coll.updateOne({ k: 1 }, { $inc: { n: 1 }, $setOnInsert: { _id: 'zzz' } }, { upsert: true });
      await coll.updateOne({ _id: 'abc' }, { $set: { _id: 'abc', c: 1 } });
      expect(await coll.findOne({ k: 1 })).to.deep.equal({ _id: 'abc', k: 1, n: 2, c: 1 });
      const clash = await coll
        .updateOne({ _id: 'q1' }, { $setOnInsert: { _id: 'q2' } }, { upsert: true })
        .catch((e: unknown) => e);
      expect((clash as MongoServerError).code).to.equal(66);
    });

    it('refuses to change _id', async function () {
      const coll = db.collection('immutable');
      await coll.insertOne({ _id: 1 as unknown as ObjectId, a: 1 });
      const err = await coll
        .updateOne({ _id: 1 as unknown as ObjectId }, { $set: { _id: 2 } })
        .catch((e: unknown) => e);
      expect((err as MongoServerError).code).to.equal(66);
    });

    it('deletes one or many', async function () {
      const coll = db.collection('del');
      await coll.insertMany([{ a: 1 }, { a: 1 }, { a: 2 }]);
      expect((await coll.deleteOne({ a: 1 })).deletedCount).to.equal(1);
      expect((await coll.deleteMany({})).deletedCount).to.equal(2);
      expect((await coll.deleteMany({ nothing: true })).deletedCount).to.equal(0);
    });

    it('findOneAndUpdate / findOneAndReplace / findOneAndDelete with sort, projection and upsert', async function () {
      const coll = db.collection('fam');
      await coll.insertMany([
        { q: 1, p: 3 },
        { q: 1, p: 1 },
        { q: 1, p: 2 },
      ]);
      const before = await coll.findOneAndUpdate({ q: 1 }, { $set: { hit: true } }, { sort: { p: 1 } });
      expect(before?.['p']).to.equal(1);
      expect(before).to.not.have.property('hit');
      const after = await coll.findOneAndUpdate(
        { q: 1 },
        { $inc: { p: 10 } },
        { sort: { p: -1 }, returnDocument: 'after', projection: { _id: 0, p: 1 } },
      );
      expect(after).to.deep.equal({ p: 13 });
      const raw = await coll.findOneAndUpdate(
        { q: 99 },
        { $set: { made: true } },
        { upsert: true, returnDocument: 'after', includeResultMetadata: true },
      );
      expect(raw.value?.['made']).to.equal(true);
      expect(raw.lastErrorObject?.['updatedExisting']).to.equal(false);
      expect(raw.lastErrorObject?.['upserted']).to.be.instanceOf(ObjectId);
      const raw2 = await coll.findOneAndUpdate({ q: 99 }, { $set: { again: true } }, { includeResultMetadata: true });
      expect(raw2.lastErrorObject).to.include({ n: 1, updatedExisting: true });
      const replaced = await coll.findOneAndReplace({ q: 99 }, { q: 100 }, { returnDocument: 'after' });
      expect(replaced).to.include({ q: 100 });
      const deleted = await coll.findOneAndDelete({ q: 100 });
      expect(deleted?.['q']).to.equal(100);
      expect(await coll.findOneAndDelete({ q: 100 })).to.equal(null);
    });

    it('round-trips BSON types and matches them by value', async function () {
      const coll = db.collection('types');
      const uuid = new UUID();
      const otherUuid = new UUID();
      const when = new Date('2024-05-01T00:00:00Z');
      const bin = new Binary(Buffer.from([0xff, 0xfe, 0x00, 0x80]));
      const bin2 = new Binary(Buffer.from([0xfe, 0xff, 0x00, 0x80]));
      const big = Long.fromString('9007199254740993');
      await coll.insertMany([
        {
          tag: 'one',
          uuid,
          when,
          bin,
          big,
          dbl: 1.5,
          int: 7,
          str: 'x',
          arr: [1, 'two'],
          obj: { a: { b: 1 } },
          nul: null,
          bool: true,
        },
        { tag: 'two', uuid: otherUuid, when: new Date(0), bin: bin2 },
      ]);
      const found = await coll.findOne({ uuid });
      expect(found?.['tag']).to.equal('one');
      expect(found?.['when']).to.deep.equal(when);
      expect(found?.['dbl']).to.equal(1.5);
      expect(found?.['int']).to.equal(7);
      expect(String(found?.['big'])).to.equal('9007199254740993');
      expect((await coll.findOne({ bin: bin2 }))?.['tag']).to.equal('two');
      expect((await coll.findOne({ bin }))?.['tag']).to.equal('one');
      expect((await coll.findOne({ when: { $gt: new Date(1000) } }))?.['tag']).to.equal('one');
      expect(await coll.countDocuments({ uuid: { $in: [uuid, otherUuid] } })).to.equal(2);
      const sorted = await coll.find({}).sort({ when: 1 }).toArray();
      expect(sorted.map((d) => d['tag'] as unknown)).to.deep.equal(['two', 'one']);
      // $type knows BSON type aliases and codes.
      expect(await coll.countDocuments({ uuid: { $type: 'binData' } })).to.equal(2);
      expect(await coll.countDocuments({ _id: { $type: 'objectId' } })).to.equal(2);
      expect(await coll.countDocuments({ big: { $type: 'long' } })).to.equal(1);
      expect(await coll.countDocuments({ dbl: { $type: 'double' } })).to.equal(1);
      expect(await coll.countDocuments({ int: { $type: ['int', 'string'] } })).to.equal(1);
      expect(await coll.countDocuments({ when: { $type: 9 } })).to.equal(2);
      expect(await coll.countDocuments({ arr: { $type: 'array' } })).to.equal(1);
      expect(await coll.countDocuments({ arr: { $type: 'string' } })).to.equal(1);
      expect(await coll.countDocuments({ nul: { $type: 'null' } })).to.equal(1);
      expect(await coll.countDocuments({ dbl: { $type: 'number' } })).to.equal(1);
    });

    it('matches and sorts ObjectIds by value', async function () {
      const coll = db.collection('oids');
      const ids = Array.from({ length: 5 }, () => new ObjectId());
      await coll.insertMany(
        ids
          .slice()
          .reverse()
          .map((_id, i) => ({ _id, i })),
      );
      const found = await coll.findOne({ _id: new ObjectId(ids[2]?.toHexString()) });
      expect(found?.['i']).to.equal(2);
      const sorted = await coll.find({}).sort({ _id: 1 }).toArray();
      expect(sorted.map((d) => d._id.toHexString())).to.deep.equal(ids.map((i) => i.toHexString()));
      expect(await coll.countDocuments({ _id: { $gt: ids[1] } })).to.equal(3);
    });

    it('reports insert write errors in order (ordered stops, unordered continues)', async function () {
      const coll = db.collection('ordered');
      await coll.insertOne({ _id: 1 as unknown as ObjectId });
      const docs = [{ _id: 2 }, { _id: 1 }, { _id: 3 }, { _id: 1 }, { _id: 4 }] as unknown as Array<{ _id: ObjectId }>;
      const ordered = await coll.insertMany(docs).catch((e: unknown) => e);
      expect((ordered as MongoServerError).code).to.equal(11000);
      expect(await coll.countDocuments()).to.equal(2);
      await coll.deleteMany({ _id: { $ne: 1 as unknown as ObjectId } });
      const unordered = await coll.insertMany(docs, { ordered: false }).catch((e: unknown) => e);
      const writeErrors = (unordered as { writeErrors: Array<{ index: number; code: number }> }).writeErrors;
      expect(writeErrors.map((w) => w.index)).to.deep.equal([1, 3]);
      expect(await coll.countDocuments()).to.equal(4);
    });
  });

  describe('cursors', function () {
    it('iterates across getMore batches', async function () {
      const coll = db.collection('cursor');
      await coll.insertMany(Array.from({ length: 257 }, (_, i) => ({ i })));
      const seen: number[] = [];
      for await (const doc of coll.find({}).sort({ i: 1 }).batchSize(10)) {
        seen.push(doc['i'] as number);
      }
      expect(seen).to.have.length(257);
      expect(seen[256]).to.equal(256);
      const limited = await coll.find({}).batchSize(7).limit(20).toArray();
      expect(limited).to.have.length(20);
      const agg = await coll.aggregate([{ $match: { i: { $lt: 100 } } }], { batchSize: 9 }).toArray();
      expect(agg).to.have.length(100);
    });

    it('kills cursors and reports unknown cursor ids', async function () {
      const res = await db.command({ find: 'cursor', filter: {}, batchSize: 2 });
      const id = (res['cursor'] as { id: Long }).id;
      expect(Number(id)).to.not.equal(0);
      const killed = await db.command({ killCursors: 'cursor', cursors: [id] });
      expect((killed['cursorsKilled'] as Long[]).map(String)).to.deep.equal([String(id)]);
      const err = await db.command({ getMore: id, collection: 'cursor' }).catch((e: unknown) => e);
      expect((err as MongoServerError).code).to.equal(43);
    });
  });
});
