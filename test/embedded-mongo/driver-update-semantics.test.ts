/**
 * Compatibility suite, part 3: update semantics that must match mongod (positional
 * paths, collation, invalid updates, `let`, $pull conditions, BSON number types,
 * pipeline updates), through the official driver. Also runs against MONGODB_URI.
 */
import { expect } from 'chai';
import { Double, Int32, Long, type Collection, type Db, type Document } from 'mongodb';
import { serverError, useDriverDatabase } from './support';

/** Test documents use small integer ids. */
type Doc = { _id: number } & Document;

describe('embedded mongo: driver — update semantics', function () {
  const driver = useDriverDatabase('sem');
  let db: Db;
  let n = 0;
  const fresh = (): Collection<Doc> => db.collection<Doc>(`c${++n}`);

  before(async function () {
    ({ db } = driver);
  });

  describe('positional paths (item 2)', function () {
    it('sets two fields of the element matched by the query through $', async function () {
      const c = fresh();
      await c.insertOne({ _id: 1, a: [{ k: 1 }, { k: 2 }, { k: 3 }] });
      const res = await c.updateOne({ _id: 1, 'a.k': 2 }, { $set: { 'a.$.x': 1, 'a.$.y': 2 } });
      expect(res.modifiedCount).to.equal(1);
      expect((await c.findOne({ _id: 1 }))?.['a']).to.deep.equal([{ k: 1 }, { k: 2, x: 1, y: 2 }, { k: 3 }]);
    });

    it('sets two fields of every element through $[]', async function () {
      const c = fresh();
      await c.insertOne({ _id: 1, a: [{ k: 1 }, { k: 2 }] });
      await c.updateOne({ _id: 1 }, { $set: { 'a.$[].x': 1, 'a.$[].y': 2 } });
      expect((await c.findOne({ _id: 1 }))?.['a']).to.deep.equal([
        { k: 1, x: 1, y: 2 },
        { k: 2, x: 1, y: 2 },
      ]);
    });

    it('combines $set and $addToSet under one matched element', async function () {
      const c = fresh();
      await c.insertOne({
        _id: 1,
        a: [
          { k: 1, tags: ['p'] },
          { k: 2, tags: ['q'] },
        ],
      });
      await c.updateOne({ 'a.k': 2 }, { $set: { 'a.$.seen': true }, $addToSet: { 'a.$.tags': 'r' } });
      expect((await c.findOne({ _id: 1 }))?.['a']).to.deep.equal([
        { k: 1, tags: ['p'] },
        { k: 2, tags: ['q', 'r'], seen: true },
      ]);
    });

    it('still refuses paths that truly overlap', async function () {
      const c = fresh();
      await c.insertOne({ _id: 1, a: { b: 1 } });
      const err = await serverError(c.updateOne({ _id: 1 }, { $set: { a: 1, 'a.b': 2 } }));
      expect(err.code).to.equal(40);
      expect(err.message).to.match(/would create a conflict at 'a'/);
      const positional = await serverError(c.updateOne({ _id: 1 }, { $set: { 'a.$': 1 }, $inc: { 'a.$.x': 1 } }));
      expect(positional.code).to.equal(40);
    });

    it('applies arrayFilters and refuses an unused one', async function () {
      const c = fresh();
      await c.insertOne({
        _id: 1,
        grades: [
          { g: 80, n: 0 },
          { g: 95, n: 0 },
        ],
      });
      await c.updateOne({ _id: 1 }, { $inc: { 'grades.$[hi].n': 1 } }, { arrayFilters: [{ 'hi.g': { $gte: 90 } }] });
      expect((await c.findOne({ _id: 1 }))?.['grades']).to.deep.equal([
        { g: 80, n: 0 },
        { g: 95, n: 1 },
      ]);
      const unused = await serverError(c.updateOne({ _id: 1 }, { $set: { x: 1 } }, { arrayFilters: [{ 'z.g': 1 }] }));
      expect(unused.code).to.equal(9);
    });
  });

  describe('collation in updates (item 3)', function () {
    it('modifies the document a case-insensitive filter matched', async function () {
      const c = fresh();
      await c.insertOne({ _id: 1, x: 'ping' });
      const res = await c.updateOne(
        { x: 'PING' },
        { $set: { x: 'pong' } },
        { collation: { locale: 'en', strength: 2 } },
      );
      expect(res.matchedCount).to.equal(1);
      expect(res.modifiedCount).to.equal(1);
      expect((await c.findOne({ _id: 1 }))?.['x']).to.equal('pong');
    });

    it('accepts ICU locale ids with underscores in sorts and findAndModify', async function () {
      const c = fresh();
      await c.insertMany([
        { _id: 1, s: 'b' },
        { _id: 2, s: 'A' },
        { _id: 3, s: 'a' },
      ]);
      const sorted = await c.find({}).sort({ s: 1 }).collation({ locale: 'en_US' }).toArray();
      expect(sorted.map((d) => d['s'] as string)).to.deep.equal(['a', 'A', 'b']);
      const updated = await c.findOneAndUpdate(
        { s: 'B' },
        { $set: { hit: true } },
        { collation: { locale: 'en_US', strength: 1 }, returnDocument: 'after' },
      );
      expect(updated?._id).to.equal(1);
    });
  });

  describe('invalid updates are errors (item 4)', function () {
    it('refuses $set through an array (28), $push onto a number (2), $inc of a string (14)', async function () {
      const c = fresh();
      await c.insertOne({ _id: 1, arr: [1, 2], num: 5, str: 'x' });
      const through = await serverError(c.updateOne({ _id: 1 }, { $set: { 'arr.f': 1 } }));
      expect(through.code).to.equal(28);
      expect(through.message).to.equal("Cannot create field 'f' in element {arr: [ 1, 2 ]}");
      const push = await serverError(c.updateOne({ _id: 1 }, { $push: { num: 1 } } as Document));
      expect(push.code).to.equal(2);
      expect(push.message).to.equal("The field 'num' must be an array but is of type int in document {_id: 1}");
      const inc = await serverError(c.updateOne({ _id: 1 }, { $inc: { str: 1 } }));
      expect(inc.code).to.equal(14);
      expect(inc.message).to.equal(
        "Cannot apply $inc to a value of non-numeric type. {_id: 1} has the field 'str' of non-numeric type string",
      );
      expect(await c.findOne({ _id: 1 })).to.deep.equal({ _id: 1, arr: [1, 2], num: 5, str: 'x' });
    });
  });

  describe('let variables (item 5)', function () {
    it('binds let in find, update, delete and findAndModify filters', async function () {
      const c = fresh();
      await c.insertMany([
        { _id: 1, v: 10 },
        { _id: 2, v: 20 },
        { _id: 3, v: 30 },
      ]);
      const found = await c.find({ $expr: { $eq: ['$_id', '$$id'] } }, { let: { id: 1 } }).toArray();
      expect(found).to.deep.equal([{ _id: 1, v: 10 }]);
      await c.updateOne({ $expr: { $eq: ['$_id', '$$id'] } }, [{ $set: { v: '$$nv' } }], { let: { id: 2, nv: 21 } });
      expect((await c.findOne({ _id: 2 }))?.['v']).to.equal(21);
      const fam = await c.findOneAndUpdate(
        { $expr: { $gt: ['$v', '$$min'] } },
        { $set: { big: true } },
        { let: { min: 25 }, returnDocument: 'after' },
      );
      expect(fam?._id).to.equal(3);
      const del = await c.deleteMany({ $expr: { $lt: ['$v', '$$max'] } }, { let: { max: 15 } });
      expect(del.deletedCount).to.equal(1);
    });

    it('binds let in an aggregate whose first stage is $match, and in $lookup sub-pipelines', async function () {
      const orders = fresh();
      const items = fresh();
      await orders.insertMany([
        { _id: 1, sku: 'a', qty: 2 },
        { _id: 2, sku: 'b', qty: 5 },
      ]);
      await items.insertMany([
        { _id: 10, sku: 'a', stock: 1 },
        { _id: 11, sku: 'b', stock: 9 },
      ]);
      const matched = await orders
        .aggregate([{ $match: { $expr: { $gte: ['$qty', '$$min'] } } }], { let: { min: 3 } })
        .toArray();
      expect(matched.map((d) => d['_id'] as number)).to.deep.equal([2]);
      const joined = await orders
        .aggregate([
          {
            $lookup: {
              from: items.collectionName,
              let: { want: '$sku', need: '$qty' },
              pipeline: [
                { $match: { $expr: { $and: [{ $eq: ['$sku', '$$want'] }, { $gte: ['$stock', '$$need'] }] } } },
              ],
              as: 'available',
            },
          },
          { $sort: { _id: 1 } },
        ])
        .toArray();
      expect(joined.map((d) => (d['available'] as unknown[]).length)).to.deep.equal([0, 1]);
    });
  });

  describe('$pull conditions (item 6)', function () {
    it('removes elements matched by $or, by operators and by a field query', async function () {
      const c = fresh();
      await c.insertOne({
        _id: 1,
        arr: [{ n: 'a' }, { n: 'b' }, { n: 'c' }],
        nums: [1, 5, 9],
        docs: [
          { k: 1, v: 'x' },
          { k: 2, v: 'y' },
        ],
      });
      await c.updateOne({ _id: 1 }, { $pull: { arr: { $or: [{ n: 'a' }, { n: 'c' }] } } } as Document);
      await c.updateOne({ _id: 1 }, { $pull: { nums: { $gte: 5 } } } as Document);
      await c.updateOne({ _id: 1 }, { $pull: { docs: { k: 2 } } } as Document);
      expect(await c.findOne({ _id: 1 })).to.deep.equal({
        _id: 1,
        arr: [{ n: 'b' }],
        nums: [1],
        docs: [{ k: 1, v: 'x' }],
      });
    });
  });

  describe('BSON number types (item 8)', function () {
    it('stores and returns doubles, int32 and int64 as written', async function () {
      const c = fresh();
      await c.insertOne({ _id: 1, d: new Double(42), l: Long.fromNumber(5), i: 7, nested: { d: new Double(1) } });
      expect(await c.countDocuments({ d: { $type: 'double' } })).to.equal(1);
      expect(await c.countDocuments({ l: { $type: 'long' } })).to.equal(1);
      expect(await c.countDocuments({ i: { $type: 'int' } })).to.equal(1);
      expect(await c.countDocuments({ 'nested.d': { $type: 'double' } })).to.equal(1);
      const raw = await c.findOne({ _id: 1 }, { promoteValues: false });
      expect(raw?.['d']).to.be.instanceOf(Double);
      expect(raw?.['l']).to.be.instanceOf(Long);
      expect(raw?.['i']).to.be.instanceOf(Int32);
      const big = await c.findOne({ _id: 1 }, { useBigInt64: true });
      expect(big?.['l']).to.equal(5n);
    });

    it('keeps number types through updates, as mongod’s arithmetic does', async function () {
      const c = fresh();
      await c.insertOne({ _id: 1, l: Long.fromNumber(5), d: new Double(2), i: 2_147_483_647, keep: new Double(3) });
      await c.updateOne({ _id: 1 }, { $inc: { l: 1, d: 1, i: 1 }, $set: { s: new Double(8) } });
      const raw = await c.findOne({ _id: 1 }, { promoteValues: false });
      expect(raw?.['l']).to.be.instanceOf(Long);
      expect(String(raw?.['l'])).to.equal('6');
      expect(raw?.['d']).to.be.instanceOf(Double);
      expect(raw?.['i']).to.be.instanceOf(Long); // int32 overflow becomes int64
      expect(raw?.['s']).to.be.instanceOf(Double);
      expect(raw?.['keep']).to.be.instanceOf(Double);
    });
  });

  describe('pipeline updates (item 9)', function () {
    it('keeps the original _id when the pipeline drops it', async function () {
      const c = fresh();
      await c.insertOne({ _id: 1, t: { a: 1, b: 2 } });
      await c.updateOne({ _id: 1 }, [{ $replaceRoot: { newRoot: '$t' } }]);
      expect(await c.findOne({ _id: 1 })).to.deep.equal({ _id: 1, a: 1, b: 2 });
      const changed = await serverError(c.updateOne({ _id: 1 }, [{ $set: { _id: 2 } }]));
      expect(changed.code).to.equal(66);
    });
  });
});
