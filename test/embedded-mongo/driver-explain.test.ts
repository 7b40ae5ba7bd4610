/**
 * Compatibility suite, part 5: query plans. explain for find, aggregate, count,
 * update and delete; the documents a query examines (explain executionStats and
 * serverStatus metrics.queryExecutor); index use for equality, compound-index
 * prefixes, ranges and sorts. Also runs against MONGODB_URI.
 */
import { expect } from 'chai';
import { Double, Long, type Collection, type Db, type Document } from 'mongodb';
import { useDriverDatabase } from './support';

const USERS = 1000;

interface Stage {
  stage: string;
  indexName?: string;
  direction?: string;
  inputStage?: Stage;
  inputStages?: Stage[];
  queryPlan?: Stage;
}

/** Every stage of a plan tree, outermost first (mongod 7+ may nest it under queryPlan). */
function stages(plan: Stage | undefined): Stage[] {
  if (!plan) {
    return [];
  }
  const root = plan.queryPlan ?? plan;
  return [root, ...stages(root.inputStage), ...(root.inputStages ?? []).flatMap(stages)];
}

/** The queryPlanner / executionStats of an explain, wherever the command put them. */
function planOf(explain: Document): { winning: Stage[]; stats: Document | undefined } {
  const cursor = ((explain['stages'] as Document[] | undefined)?.[0]?.['$cursor'] as Document | undefined) ?? explain;
  const planner = cursor['queryPlanner'] as { winningPlan: Stage };
  return { winning: stages(planner.winningPlan), stats: cursor['executionStats'] as Document | undefined };
}

function indexScan(winning: Stage[]): Stage | undefined {
  return winning.find((s) => s.stage === 'IXSCAN');
}

async function scannedObjects(db: Db): Promise<number> {
  const status = await db.admin().command({ serverStatus: 1 });
  const qe = (status['metrics'] as Document)['queryExecutor'] as Document;
  return Number(qe['scannedObjects']);
}

describe('embedded mongo: driver — explain and index use', function () {
  const driver = useDriverDatabase('plan');
  let db: Db;
  let users: Collection<{ _id: number } & Document>;

  before(async function () {
    ({ db } = driver);
    users = db.collection<{ _id: number } & Document>('users');
    await users.createIndex({ email: 1 }, { unique: true });
    await users.createIndex({ org: 1, created: -1 });
    await users.createIndex({ n: 1 });
    await users.insertMany(
      Array.from({ length: USERS }, (_, i) => ({
        _id: i,
        email: `u${i}@example.com`,
        org: `org${i % 10}`,
        created: new Date(1_700_000_000_000 + i * 1000),
        n: i,
        plain: i % 7,
      })),
    );
  });

  describe('documents examined', function () {
    it('examines one document for an equality lookup on an indexed field (explain)', async function () {
      const explain = await users.find({ email: 'u500@example.com' }).explain('executionStats');
      const { winning, stats } = planOf(explain);
      expect(indexScan(winning)?.indexName).to.equal('email_1');
      expect(stats?.['totalKeysExamined']).to.equal(1);
      expect(stats?.['totalDocsExamined']).to.equal(1);
      expect(stats?.['nReturned']).to.equal(1);
    });

    it('counts one examined document in serverStatus for that lookup', async function () {
      const before = await scannedObjects(db);
      expect((await users.findOne({ email: 'u123@example.com' }))?.['n']).to.equal(123);
      expect((await scannedObjects(db)) - before).to.equal(1);
    });

    it('scans the collection for an unindexed field', async function () {
      const { winning, stats } = planOf(await users.find({ plain: 3 }).explain('executionStats'));
      expect(winning.map((s) => s.stage)).to.include('COLLSCAN');
      expect(stats?.['totalDocsExamined']).to.equal(USERS);
      const before = await scannedObjects(db);
      await users.find({ plain: 3 }).toArray();
      expect((await scannedObjects(db)) - before).to.equal(USERS);
    });
  });

  describe('lookups by one indexed field', function () {
    it('find by _id and by an indexed field: the document, nothing for a missing value, one document examined', async function () {
      const before = await scannedObjects(db);
      expect((await users.findOne({ _id: 42 }))?.['email']).to.equal('u42@example.com');
      expect(await users.findOne({ _id: USERS + 1 })).to.equal(null);
      expect((await users.findOne({ n: 7 }))?.['_id']).to.equal(7);
      expect(await users.findOne({ email: 'nobody@example.com' })).to.equal(null);
      expect((await scannedObjects(db)) - before).to.equal(2);
    });

    it('matches equal numbers of every BSON type through the index', async function () {
      const numbers = db.collection<{ _id: string } & Document>('numbers');
      await numbers.createIndex({ v: 1 });
      await numbers.insertMany([
        { _id: 'int', v: 5 },
        { _id: 'long', v: Long.fromNumber(5) },
        { _id: 'double', v: new Double(5) },
        { _id: 'other', v: 6 },
      ]);
      const found = await numbers.find({ v: 5 }).toArray();
      expect(found.map((d) => d['_id']).sort()).to.deep.equal(['double', 'int', 'long']);
      expect(await numbers.findOne({ v: new Double(5.0) })).to.not.equal(null);
    });

    it('matches array elements of a multikey index, within the limit', async function () {
      const posts = db.collection<{ _id: number } & Document>('posts');
      await posts.createIndex({ tags: 1 });
      await posts.insertMany([
        { _id: 1, tags: ['a', 'b'] },
        { _id: 2, tags: ['b', 'b'] },
        { _id: 3, tags: 'b' },
        { _id: 4, tags: ['c'] },
      ]);
      const all = await posts.find({ tags: 'b' }).toArray();
      expect(all.map((d) => d['_id']).sort()).to.deep.equal([1, 2, 3]);
      // One per batch: the first batch leaves a cursor open for the rest.
      const batched = await posts.find({ tags: 'b' }).batchSize(1).toArray();
      expect(batched.map((d) => d['_id']).sort()).to.deep.equal([1, 2, 3]);
      const before = await scannedObjects(db);
      expect(await posts.find({ tags: 'b' }).limit(2).toArray()).to.have.length(2);
      expect((await scannedObjects(db)) - before).to.equal(2);
    });

    it('matches null to documents without the field', async function () {
      const people = db.collection<{ _id: number } & Document>('people');
      await people.createIndex({ nickname: 1 });
      await people.insertMany([{ _id: 1, nickname: 'x' }, { _id: 2 }, { _id: 3, nickname: null }]);
      const found = await people.find({ nickname: null }).toArray();
      expect(found.map((d) => d['_id']).sort()).to.deep.equal([2, 3]);
    });

    it('compares strings, _id included, under the collection’s collation', async function () {
      await db.createCollection('handles', { collation: { locale: 'en', strength: 2 } });
      const handles = db.collection<{ _id: string } & Document>('handles');
      await handles.createIndex({ login: 1 });
      await handles.insertMany([
        { _id: 'alice', login: 'Alice' },
        { _id: 'bob', login: 'bob' },
      ]);
      expect((await handles.findOne({ login: 'ALICE' }))?.['login']).to.equal('Alice');
      expect((await handles.findOne({ _id: 'BOB' }))?.['login']).to.equal('bob');
    });

    it('does not use a hidden index', async function () {
      const visitors = db.collection('visitors');
      await visitors.createIndex({ email: 1 }, { hidden: true });
      await visitors.insertMany(Array.from({ length: 10 }, (_, i) => ({ email: `v${i}@example.com` })));
      const before = await scannedObjects(db);
      expect(await visitors.findOne({ email: 'v5@example.com' })).to.not.equal(null);
      // mongod scans the collection until the match (the sixth document).
      expect((await scannedObjects(db)) - before).to.be.greaterThan(1);
    });
  });

  describe('explain of every query command', function () {
    it('explains count, update, delete and aggregate with the index they use', async function () {
      const count = await db.command({
        explain: { count: 'users', query: { email: 'u7@example.com' } },
        verbosity: 'executionStats',
      });
      expect(indexScan(planOf(count).winning)?.indexName).to.equal('email_1');
      const update = await db.command({
        explain: { update: 'users', updates: [{ q: { email: 'u8@example.com' }, u: { $set: { hit: true } } }] },
        verbosity: 'executionStats',
      });
      expect(indexScan(planOf(update).winning)?.indexName).to.equal('email_1');
      expect(planOf(update).stats?.['totalDocsExamined']).to.equal(1);
      const del = await db.command({
        explain: { delete: 'users', deletes: [{ q: { n: { $gte: 990 } }, limit: 0 }] },
        verbosity: 'executionStats',
      });
      expect(indexScan(planOf(del).winning)?.indexName).to.equal('n_1');
      expect(planOf(del).stats?.['totalDocsExamined']).to.equal(10);
      // Explain never writes.
      expect(await users.countDocuments({ hit: true })).to.equal(0);
      expect(await users.countDocuments({ n: { $gte: 990 } })).to.equal(10);
      const agg = await users
        .aggregate([{ $match: { email: 'u9@example.com' } }, { $group: { _id: '$org', n: { $sum: 1 } } }])
        .explain('executionStats');
      expect(indexScan(planOf(agg).winning)?.indexName).to.equal('email_1');
    });
  });

  describe('index use beyond exact matches', function () {
    it('uses the leading field of a compound index', async function () {
      const { winning, stats } = planOf(await users.find({ org: 'org3' }).explain('executionStats'));
      expect(indexScan(winning)?.indexName).to.equal('org_1_created_-1');
      expect(stats?.['totalDocsExamined']).to.equal(USERS / 10);
    });

    it('uses an index for a range', async function () {
      const { winning, stats } = planOf(await users.find({ n: { $gte: 100, $lt: 110 } }).explain('executionStats'));
      expect(indexScan(winning)?.indexName).to.equal('n_1');
      expect(stats?.['totalDocsExamined']).to.equal(10);
      const docs = await users.find({ n: { $gte: 100, $lt: 110 } }).toArray();
      expect(docs.map((d) => d['n'] as number)).to.deep.equal(Array.from({ length: 10 }, (_, i) => 100 + i));
    });

    it('serves a sort from the index, reading only what the limit needs', async function () {
      const newest = users.find({ org: 'org3' }).sort({ created: -1 }).limit(5);
      const { winning, stats } = planOf(await newest.explain('executionStats'));
      expect(winning.map((s) => s.stage)).to.not.include('SORT');
      expect(indexScan(winning)?.indexName).to.equal('org_1_created_-1');
      expect(stats?.['totalDocsExamined']).to.equal(5);
      const docs = await users.find({ org: 'org3' }).sort({ created: -1 }).limit(5).toArray();
      expect(docs.map((d) => d['n'] as number)).to.deep.equal([993, 983, 973, 963, 953]);
      const oldest = planOf(await users.find({ org: 'org3' }).sort({ created: 1 }).limit(2).explain('executionStats'));
      expect(oldest.winning.map((s) => s.stage)).to.not.include('SORT');
      expect(indexScan(oldest.winning)?.direction).to.equal('backward');
    });

    it('serves an _id sort and an _id range from the _id index', async function () {
      const { winning, stats } = planOf(await users.find({}).sort({ _id: -1 }).limit(3).explain('executionStats'));
      expect(indexScan(winning)?.indexName).to.equal('_id_');
      expect(stats?.['totalDocsExamined']).to.equal(3);
      const range = planOf(await users.find({ _id: { $gt: 995 } } as Document).explain('executionStats'));
      expect(indexScan(range.winning)?.indexName).to.equal('_id_');
      expect(range.stats?.['totalDocsExamined']).to.equal(4);
    });
  });
});
