/**
 * Compatibility suite, part 4: find projections and query operators that must
 * match mongod (items 7 and 10 of issue 18). Also runs against MONGODB_URI.
 */
import { expect } from 'chai';
import { Binary, DBRef, ObjectId, type Collection, type Db, type Document } from 'mongodb';
import { serverError, useDriverDatabase } from './support';

type Doc = { _id: number } & Document;

describe('embedded mongo: driver — projections and query operators', function () {
  const driver = useDriverDatabase('qsem');
  let db: Db;
  let n = 0;
  const fresh = (): Collection<Doc> => db.collection<Doc>(`q${++n}`);

  before(async function () {
    ({ db } = driver);
  });

  describe('projections (item 7)', function () {
    let c: Collection<Doc>;

    before(async function () {
      c = fresh();
      await c.insertOne({ _id: 1, b: 2, a: 1, arr: [1, 2, 3], tags: ['a', 'b', 'c'], v: [1, 5, 7], other: 'x' });
    });

    it('$slice alone keeps every other field', async function () {
      expect(await c.findOne({ _id: 1 }, { projection: { arr: { $slice: 1 } } })).to.deep.equal({
        _id: 1,
        b: 2,
        a: 1,
        arr: [1],
        tags: ['a', 'b', 'c'],
        v: [1, 5, 7],
        other: 'x',
      });
    });

    it('$slice combines with an exclusion and with an inclusion', async function () {
      expect(
        await c.findOne({ _id: 1 }, { projection: { arr: { $slice: -2 }, other: 0, tags: 0, v: 0 } }),
      ).to.deep.equal({
        _id: 1,
        b: 2,
        a: 1,
        arr: [2, 3],
      });
      expect(await c.findOne({ _id: 1 }, { projection: { a: 1, arr: { $slice: [1, 1] } } })).to.deep.equal({
        _id: 1,
        a: 1,
        arr: [2],
      });
    });

    it('returns the matched element for a positional projection', async function () {
      expect(await c.findOne({ tags: 'b' }, { projection: { 'tags.$': 1 } })).to.deep.equal({ _id: 1, tags: ['b'] });
    });

    it('returns the first element matching $elemMatch', async function () {
      expect(await c.findOne({ _id: 1 }, { projection: { v: { $elemMatch: { $gte: 4 } } } })).to.deep.equal({
        _id: 1,
        v: [5],
      });
    });

    it('returns _id first in inclusion projections, other fields in document order', async function () {
      const doc = await c.findOne({ _id: 1 }, { projection: { other: 1, a: 1, b: 1 } });
      expect(Object.keys(doc ?? {})).to.deep.equal(['_id', 'b', 'a', 'other']);
    });

    it('refuses to mix inclusion and exclusion', async function () {
      const err = await serverError(c.findOne({ _id: 1 }, { projection: { a: 1, b: 0 } }));
      expect([31253, 31254]).to.include(err.code);
    });
  });

  describe('query operators (item 10)', function () {
    it('matches a scalar with $all of one value', async function () {
      const c = fresh();
      await c.insertMany([
        { _id: 1, v: 4 },
        { _id: 2, v: [4, 5] },
        { _id: 3, v: 5 },
      ]);
      expect((await c.find({ v: { $all: [4] } }).toArray()).map((d) => d._id)).to.deep.equal([1, 2]);
    });

    it('queries DBRef fields by $id and $ref', async function () {
      const c = fresh();
      const target = new ObjectId();
      await c.insertMany([
        { _id: 1, owner: new DBRef('users', target) },
        { _id: 2, owner: new DBRef('users', new ObjectId()) },
      ]);
      expect((await c.find({ 'owner.$id': target }).toArray()).map((d) => d._id)).to.deep.equal([1]);
      expect(await c.countDocuments({ 'owner.$ref': 'users' })).to.equal(2);
    });

    it('applies $bitsAllSet and friends to binary data', async function () {
      const c = fresh();
      await c.insertMany([
        { _id: 1, flags: new Binary(Buffer.from([0b0000_0101, 0b0000_0001])) },
        { _id: 2, flags: new Binary(Buffer.from([0b0000_0100])) },
        { _id: 3, flags: 0b101 },
        { _id: 4, flags: 2 ** 40 + 1 },
      ]);
      const ids = async (filter: Document): Promise<number[]> => (await c.find(filter).toArray()).map((d) => d._id);
      expect(await ids({ flags: { $bitsAllSet: [0, 2] } })).to.deep.equal([1, 3]);
      expect(await ids({ flags: { $bitsAllSet: [8] } })).to.deep.equal([1]);
      expect(await ids({ flags: { $bitsAnySet: [40] } })).to.deep.equal([4]);
      expect(await ids({ flags: { $bitsAnyClear: [0] } })).to.deep.equal([2]);
      expect(await ids({ flags: { $bitsAllClear: new Binary(Buffer.from([0b0000_0010])) } })).to.deep.equal([
        1, 2, 3, 4,
      ]);
      expect(await ids({ flags: { $bitsAllSet: 5 } })).to.deep.equal([1, 3]);
    });

    it('matches the rest of an _id or indexed lookup as mongod does: equal scalars, arrays holding the value, nothing else', async function () {
      const c = fresh();
      await c.insertMany([
        { _id: 1, k: 'x', status: 'pending', lease: 'a', on: true },
        { _id: 2, k: 'x', status: 'pending', lease: 'b', on: true },
        { _id: 3, k: 'x', status: ['done', 'pending'], lease: 'a', on: false },
        { _id: 4, k: 'x', status: 'Pending', lease: 'a', on: true },
        { _id: 5, k: 'x', lease: 'a' },
        { _id: 6, k: 'x', status: ['done'], lease: 'a', on: [false, true] },
      ]);
      await c.createIndex({ k: 1 });
      const ids = (docs: Doc[]) => docs.map((d) => d._id).sort();
      const all = [1, 2, 3, 4, 5, 6];
      expect(ids(await c.find({ _id: { $in: all }, status: 'pending', lease: 'a' }).toArray())).to.deep.equal([1, 3]);
      expect(ids(await c.find({ _id: { $in: all }, on: true }).toArray())).to.deep.equal([1, 2, 4, 6]);
      expect(ids(await c.find({ k: 'x', status: 'pending' }).toArray())).to.deep.equal([1, 2, 3]);
      expect(ids(await c.find({ k: { $in: ['x'] }, status: 'done' }).toArray())).to.deep.equal([3, 6]);
      expect(ids(await c.find({ _id: 5, status: 'pending' }).toArray())).to.deep.equal([]);
      const updated = await c.updateMany(
        { _id: { $in: all }, status: 'pending', lease: 'a' },
        { $set: { lease: 'c' } },
      );
      expect(updated.modifiedCount).to.equal(2);
      expect(ids(await c.find({ lease: 'c' }).toArray())).to.deep.equal([1, 3]);
    });

    it('refuses an unknown operator even when the collection does not exist', async function () {
      const err = await serverError(
        db
          .collection('never_there')
          .find({ v: { $foo: 1 } })
          .toArray(),
      );
      expect(err.code).to.equal(2);
      expect(err.message).to.match(/unknown operator: \$foo/);
    });

    it('refuses a hint naming no index, and returns documents in the hinted index’s order', async function () {
      const c = fresh();
      await c.insertMany([
        { _id: 1, k: 30 },
        { _id: 2, k: 10 },
        { _id: 3, k: 20 },
      ]);
      await c.createIndex({ k: 1 });
      const err = await serverError(c.find({}).hint('nope_1').toArray());
      expect(err.code).to.equal(2);
      expect(err.message).to.match(/hint provided does not correspond to an existing index/);
      expect((await c.find({}).hint({ k: 1 }).toArray()).map((d) => d._id)).to.deep.equal([2, 3, 1]);
      expect((await c.find({}).hint('k_1').toArray()).map((d) => d['k'] as number)).to.deep.equal([10, 20, 30]);
    });
  });
});
