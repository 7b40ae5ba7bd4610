/**
 * Compatibility suite, part 2: aggregation and indexes (unique, compound, partial,
 * sparse, collation, TTL) through the official `mongodb` driver.
 */
import { expect } from 'chai';
import { MongoServerError, ObjectId, type Db, type Document } from 'mongodb';
import { type TestMongo, useDriverDatabase, usingExternalMongo } from './support';

describe('embedded mongo: driver — aggregation and indexes', function () {
  const driver = useDriverDatabase('drvidx');
  let db: Db;
  let mongo: TestMongo;

  before(async function () {
    ({ db, mongo } = driver);
  });

  describe('aggregation', function () {
    it('runs $match/$group/$sort/$project/$unwind/$count/$facet/$addFields', async function () {
      const orders = db.collection('orders');
      await orders.insertMany([
        { cust: 'a', amount: 10, items: ['x', 'y'] },
        { cust: 'b', amount: 5, items: ['x'] },
        { cust: 'a', amount: 7, items: [] },
        { cust: 'c', amount: 1, items: ['z'] },
      ]);
      const totals = await orders
        .aggregate([
          { $match: { amount: { $gte: 5 } } },
          { $group: { _id: '$cust', total: { $sum: '$amount' } } },
          { $sort: { total: -1 } },
        ])
        .toArray();
      expect(totals).to.deep.equal([
        { _id: 'a', total: 17 },
        { _id: 'b', total: 5 },
      ]);
      const unwound = await orders.aggregate([{ $unwind: '$items' }, { $count: 'n' }]).toArray();
      expect(unwound).to.deep.equal([{ n: 4 }]);
      const facet = await orders
        .aggregate([{ $facet: { big: [{ $match: { amount: { $gt: 6 } } }, { $count: 'n' }], all: [{ $count: 'n' }] } }])
        .toArray();
      expect(facet).to.deep.equal([{ big: [{ n: 2 }], all: [{ n: 4 }] }]);
      const added = await orders
        .aggregate([
          { $match: { cust: 'c' } },
          { $addFields: { double: { $multiply: ['$amount', 2] } } },
          { $project: { _id: 0, double: 1 } },
        ])
        .toArray();
      expect(added).to.deep.equal([{ double: 2 }]);
      // The stored documents are untouched by pipeline stages.
      expect((await orders.findOne({ cust: 'b' }))?.['items']).to.deep.equal(['x']);
    });

    it('joins collections with $lookup', async function () {
      const users = db.collection('lk_users');
      const posts = db.collection('lk_posts');
      const u = await users.insertOne({ name: 'ann' });
      await posts.insertMany([
        { author: u.insertedId, title: 'p1' },
        { author: u.insertedId, title: 'p2' },
        { author: new ObjectId(), title: 'p3' },
      ]);
      const joined = await users
        .aggregate([{ $lookup: { from: 'lk_posts', localField: '_id', foreignField: 'author', as: 'posts' } }])
        .toArray();
      expect(joined[0]?.['posts']).to.have.length(2);
    });

    it('writes results with $out (keeping target indexes) and $merge', async function () {
      const orders = db.collection('orders');
      await orders
        .aggregate([{ $group: { _id: '$cust', total: { $sum: '$amount' } } }, { $out: 'order_totals' }])
        .toArray();
      const totals = db.collection('order_totals');
      expect(await totals.find({}).sort({ _id: 1 }).toArray()).to.deep.equal([
        { _id: 'a', total: 17 },
        { _id: 'b', total: 5 },
        { _id: 'c', total: 1 },
      ]);
      await totals.createIndex({ total: 1 });
      await orders
        .aggregate([
          { $match: { cust: 'a' } },
          { $group: { _id: '$cust', total: { $sum: 1 } } },
          { $out: 'order_totals' },
        ])
        .toArray();
      expect(await totals.find({}).toArray()).to.deep.equal([{ _id: 'a', total: 2 }]);
      expect((await totals.listIndexes().toArray()).map((i: Document) => i['name'] as unknown)).to.deep.equal([
        '_id_',
        'total_1',
      ]);
      await orders
        .aggregate([
          { $group: { _id: '$cust', n: { $sum: 1 } } },
          { $merge: { into: 'order_totals', whenMatched: 'merge', whenNotMatched: 'insert' } },
        ])
        .toArray();
      expect(await totals.find({}).sort({ _id: 1 }).toArray()).to.deep.equal([
        { _id: 'a', total: 2, n: 2 },
        { _id: 'b', n: 1 },
        { _id: 'c', n: 1 },
      ]);
      const notLast = await orders
        .aggregate([{ $out: 'x' }, { $match: {} }])
        .toArray()
        .catch((e: unknown) => e);
      expect(notLast).to.be.instanceOf(MongoServerError);
    });

    (usingExternalMongo ? it.skip : it)(
      'refuses Atlas Search and unknown stages with MongoDB errors',
      async function () {
        const search = await db
          .collection('orders')
          .aggregate([{ $search: { text: { query: 'x', path: 'y' } } }])
          .toArray()
          .catch((e: unknown) => e);
        expect((search as MongoServerError).code).to.equal(31082);
        const errStage = await db
          .collection('orders')
          .aggregate([{ $bogus: {} }])
          .toArray()
          .catch((e: unknown) => e);
        expect((errStage as MongoServerError).code).to.equal(40324);
      },
    );
  });

  describe('indexes', function () {
    it('creates, lists and drops indexes; same spec is a no-op; conflicts are errors', async function () {
      const coll = db.collection('idx');
      expect(await coll.createIndex({ a: 1 })).to.equal('a_1');
      expect(await coll.createIndex({ a: 1 })).to.equal('a_1');
      await coll.createIndex({ b: 1, c: -1 }, { name: 'bc' });
      const names = (await coll.listIndexes().toArray()).map((i: Document) => i['name'] as unknown);
      expect(names).to.deep.equal(['_id_', 'a_1', 'bc']);
      const conflict = await coll.createIndex({ a: 1 }, { unique: true }).catch((e: unknown) => e);
      expect([85, 86]).to.include((conflict as MongoServerError).code);
      const sameNameOtherKey = await coll.createIndex({ z: 1 }, { name: 'bc' }).catch((e: unknown) => e);
      expect([85, 86]).to.include((sameNameOtherKey as MongoServerError).code);
      await coll.dropIndex('bc');
      expect((await coll.listIndexes().toArray()).map((i: Document) => i['name'] as unknown)).to.deep.equal([
        '_id_',
        'a_1',
      ]);
      const missing = await coll.dropIndex('nope').catch((e: unknown) => e);
      expect((missing as MongoServerError).code).to.equal(27);
      const noColl = await db
        .collection('never_created')
        .listIndexes()
        .toArray()
        .catch((e: unknown) => e);
      expect((noColl as MongoServerError).code).to.equal(26);
    });

    it('enforces unique indexes with the E11000 error shape', async function () {
      const coll = db.collection('uniq');
      await coll.createIndex({ email: 1 }, { unique: true });
      await coll.insertOne({ email: 'a@x.io' });
      const err = (await coll.insertOne({ email: 'a@x.io' }).catch((e: unknown) => e)) as MongoServerError;
      expect(err).to.be.instanceOf(MongoServerError);
      expect(err.code).to.equal(11000);
      expect(err.message).to.match(
        /^E11000 duplicate key error collection: \S+\.uniq index: email_1 dup key: \{ email: "a@x\.io" \}/,
      );
      expect(err['keyPattern']).to.deep.equal({ email: 1 });
      expect(err['keyValue']).to.deep.equal({ email: 'a@x.io' });
      await coll.insertOne({ email: 'b@x.io' });
      const upd = (await coll
        .updateOne({ email: 'b@x.io' }, { $set: { email: 'a@x.io' } })
        .catch((e: unknown) => e)) as MongoServerError;
      expect(upd.code).to.equal(11000);
      const idDup = (await coll
        .insertOne({ _id: (await coll.findOne({}))?._id })
        .catch((e: unknown) => e)) as MongoServerError;
      expect(idDup.code).to.equal(11000);
      expect(idDup.message).to.match(/index: _id_ dup key: \{ _id: ObjectId\('[0-9a-f]{24}'\) \}/);
    });

    it('refuses to build a unique index over duplicates', async function () {
      const coll = db.collection('uniq_build');
      await coll.insertMany([{ k: 1 }, { k: 1 }]);
      const err = (await coll.createIndex({ k: 1 }, { unique: true }).catch((e: unknown) => e)) as MongoServerError;
      expect(err.code).to.equal(11000);
      expect((await coll.listIndexes().toArray()).map((i: Document) => i['name'] as unknown)).to.deep.equal(['_id_']);
    });

    it('supports compound unique indexes', async function () {
      const coll = db.collection('uniq_compound');
      await coll.createIndex({ org: 1, slug: 1 }, { unique: true });
      await coll.insertMany([
        { org: 'a', slug: 'x' },
        { org: 'b', slug: 'x' },
        { org: 'a', slug: 'y' },
      ]);
      const err = (await coll.insertOne({ org: 'a', slug: 'x' }).catch((e: unknown) => e)) as MongoServerError;
      expect(err.code).to.equal(11000);
      expect(err['keyPattern']).to.deep.equal({ org: 1, slug: 1 });
      expect(err['keyValue']).to.deep.equal({ org: 'a', slug: 'x' });
    });

    it('supports partial and sparse unique indexes', async function () {
      const partial = db.collection('uniq_partial');
      await partial.createIndex({ handle: 1 }, { unique: true, partialFilterExpression: { active: true } });
      await partial.insertMany([
        { handle: 'h', active: false },
        { handle: 'h', active: false },
        { handle: 'h', active: true },
      ]);
      const err = (await partial.insertOne({ handle: 'h', active: true }).catch((e: unknown) => e)) as MongoServerError;
      expect(err.code).to.equal(11000);
      const sparse = db.collection('uniq_sparse');
      await sparse.createIndex({ code: 1 }, { unique: true, sparse: true });
      await sparse.insertMany([{ a: 1 }, { a: 2 }, { code: 'c' }]);
      expect(((await sparse.insertOne({ code: 'c' }).catch((e: unknown) => e)) as MongoServerError).code).to.equal(
        11000,
      );
      const nonSparse = db.collection('uniq_nonsparse');
      await nonSparse.createIndex({ code: 1 }, { unique: true });
      await nonSparse.insertOne({ a: 1 });
      expect(((await nonSparse.insertOne({ a: 2 }).catch((e: unknown) => e)) as MongoServerError).code).to.equal(11000);
    });

    it('supports case-insensitive unique indexes (collation strength 2)', async function () {
      const coll = db.collection('uniq_ci');
      await coll.createIndex({ email: 1 }, { unique: true, collation: { locale: 'en', strength: 2 } });
      await coll.insertOne({ email: 'Someone@Example.com' });
      const err = (await coll.insertOne({ email: 'someone@example.COM' }).catch((e: unknown) => e)) as MongoServerError;
      expect(err.code).to.equal(11000);
      await coll.insertOne({ email: 'other@example.com' });
      const found = await coll
        .find({ email: 'someone@example.com' })
        .collation({ locale: 'en', strength: 2 })
        .toArray();
      expect(found).to.have.length(1);
      const specs = (await coll.listIndexes().toArray()) as Document[];
      const spec = specs.find((i) => i['name'] === 'email_1');
      expect(spec?.['collation']).to.include({ locale: 'en', strength: 2 });
    });

    it('enforces unique multikey indexes per array element', async function () {
      const coll = db.collection('uniq_multi');
      await coll.createIndex({ tags: 1 }, { unique: true });
      await coll.insertOne({ tags: ['a', 'b', 'a'] });
      const err = (await coll.insertOne({ tags: ['c', 'b'] }).catch((e: unknown) => e)) as MongoServerError;
      expect(err.code).to.equal(11000);
      expect(await coll.countDocuments({ tags: 'b' })).to.equal(1);
    });

    (usingExternalMongo ? it.skip : it)('removes expired documents through TTL indexes', async function () {
      const coll = db.collection('ttl');
      await coll.createIndex({ createdAt: 1 }, { expireAfterSeconds: 60 });
      await coll.insertMany([
        { n: 'old', createdAt: new Date(Date.now() - 120_000) },
        { n: 'new', createdAt: new Date() },
        { n: 'nodate', createdAt: 'not a date' },
      ]);
      const deleted = await mongo.embedded?.sweepTtl();
      expect(deleted).to.equal(1);
      expect((await coll.find({}).toArray()).map((d) => d['n'] as unknown).sort()).to.deep.equal(['new', 'nodate']);
    });
  });
});
