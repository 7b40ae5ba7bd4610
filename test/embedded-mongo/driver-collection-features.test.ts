/**
 * Compatibility suite, part 6: collection features applications use — default
 * collations, text search, collMod (TTL, hidden indexes), setParameter and
 * $jsonSchema validators. Also runs against MONGODB_URI.
 */
import { expect } from 'chai';
import { type Db, type Document } from 'mongodb';
import { serverError, useDriverDatabase, usingExternalMongo } from './support';

describe('embedded mongo: driver — collations, text search, collMod, setParameter, validators', function () {
  const driver = useDriverDatabase('feat');
  let db: Db;

  before(async function () {
    ({ db } = driver);
  });

  describe('collations', function () {
    it('applies a collection’s default collation (strength 2) to queries and unique indexes', async function () {
      const c = await db.createCollection('ci_users', { collation: { locale: 'en', strength: 2 } });
      await c.createIndex({ handle: 1 }, { unique: true });
      await c.insertOne({ handle: 'StreamQueen' });
      const dup = await serverError(c.insertOne({ handle: 'streamqueen' }));
      expect(dup.code).to.equal(11000);
      expect((await c.findOne({ handle: 'STREAMQUEEN' }))?.['handle']).to.equal('StreamQueen');
      const info = (await db.listCollections({ name: 'ci_users' }).toArray())[0] as Document;
      expect((info['options'] as Document)['collation']).to.include({ locale: 'en', strength: 2 });
      // An explicit simple collation compares binary.
      expect(await c.findOne({ handle: 'STREAMQUEEN' }, { collation: { locale: 'simple' } })).to.equal(null);
    });

    it('ignores diacritics and case at strength 1', async function () {
      const c = db.collection('accents');
      await c.insertMany([{ name: 'Café' }, { name: 'cafe' }, { name: 'tea' }]);
      expect(await c.countDocuments({ name: 'CAFE' }, { collation: { locale: 'fr', strength: 1 } })).to.equal(2);
      expect(await c.countDocuments({ name: 'CAFE' }, { collation: { locale: 'fr', strength: 2 } })).to.equal(1);
    });
  });

  describe('text search', function () {
    before(async function () {
      const c = db.collection<{ _id: number; title: string; tags: string[] }>('assets');
      await c.createIndex({ title: 'text', tags: 'text' }, { weights: { title: 5, tags: 1 } });
      await c.insertMany([
        { _id: 1, title: 'Neon hype emote', tags: ['twitch', 'emote'] },
        { _id: 2, title: 'Cozy stream banner', tags: ['banner', 'emotes'] },
        { _id: 3, title: 'Retro pixel overlay', tags: ['overlay'] },
        { _id: 4, title: 'Hype train overlay', tags: ['hype'] },
      ]);
    });

    it('finds documents by terms (stemmed), ranks them by textScore', async function () {
      const c = db.collection('assets');
      const hits = await c
        .find({ $text: { $search: 'emotes' } }, { projection: { score: { $meta: 'textScore' } } })
        .sort({ score: { $meta: 'textScore' } })
        .toArray();
      expect(hits.map((d) => d['_id'] as unknown as number)).to.deep.equal([1, 2]);
      expect(hits[0]?.['score']).to.be.greaterThan(hits[1]?.['score'] as number);
    });

    it('requires phrases and excludes negated terms', async function () {
      const c = db.collection('assets');
      const phrase = await c.find({ $text: { $search: '"hype train"' } }).toArray();
      expect(phrase.map((d) => d['_id'] as unknown as number)).to.deep.equal([4]);
      const negated = await c.find({ $text: { $search: 'overlay -retro' } }).toArray();
      expect(negated.map((d) => d['_id'] as unknown as number)).to.deep.equal([4]);
    });

    it('refuses $text without a text index', async function () {
      const err = await serverError(
        db
          .collection('no_text')
          .find({ $text: { $search: 'x' } })
          .toArray(),
      );
      expect(err.code).to.equal(27);
    });
  });

  describe('collMod', function () {
    it('changes a TTL index’s expireAfterSeconds and hides / unhides an index', async function () {
      const c = db.collection('sessions');
      await c.createIndex({ seenAt: 1 }, { expireAfterSeconds: 3600 });
      await c.createIndex({ user: 1 });
      await c.insertOne({ user: 'u1', seenAt: new Date() });
      const ttl = await db.command({
        collMod: 'sessions',
        index: { keyPattern: { seenAt: 1 }, expireAfterSeconds: 60 },
      });
      expect(ttl).to.include({ expireAfterSeconds_old: 3600, expireAfterSeconds_new: 60 });
      const hidden = await db.command({ collMod: 'sessions', index: { name: 'user_1', hidden: true } });
      expect(hidden).to.include({ hidden_old: false, hidden_new: true });
      const specs = (await c.listIndexes().toArray()) as Document[];
      expect(specs.find((s) => s['name'] === 'seenAt_1')?.['expireAfterSeconds']).to.equal(60);
      expect(specs.find((s) => s['name'] === 'user_1')?.['hidden']).to.equal(true);
      const plan = await c.find({ user: 'u1' }).explain('queryPlanner');
      expect(JSON.stringify(plan['queryPlanner'])).to.not.include('user_1');
      await db.command({ collMod: 'sessions', index: { name: 'user_1', hidden: false } });
      const visible = await c.find({ user: 'u1' }).explain('queryPlanner');
      expect(JSON.stringify(visible['queryPlanner'])).to.include('user_1');
      const missing = await serverError(db.command({ collMod: 'sessions', index: { name: 'nope', hidden: true } }));
      expect(missing.code).to.equal(27);
    });
  });

  (usingExternalMongo ? describe.skip : describe)('setParameter', function () {
    it('sets and reports parameters; notablescan refuses collection scans', async function () {
      const admin = db.admin();
      const was = await admin.command({ setParameter: 1, cursorTimeoutMillis: 120_000 });
      expect(was['was']).to.be.a('number');
      expect((await admin.command({ getParameter: 1, cursorTimeoutMillis: 1 }))['cursorTimeoutMillis']).to.equal(
        120_000,
      );
      const c = db.collection('scans');
      await c.insertOne({ a: 1, b: 1 });
      await c.createIndex({ a: 1 });
      await admin.command({ setParameter: 1, notablescan: true });
      try {
        const err = await serverError(c.find({ b: 1 }).toArray());
        expect(err.code).to.equal(291);
        expect(await c.countDocuments({ a: 1 })).to.equal(1);
      } finally {
        await admin.command({ setParameter: 1, notablescan: false });
      }
      const unknown = await serverError(admin.command({ setParameter: 1, noSuchParameter: 1 }));
      expect(unknown.code).to.equal(72);
    });
  });

  describe('$jsonSchema validators', function () {
    it('refuses documents that fail the schema, with mongod’s error details', async function () {
      const c = await db.createCollection('kits', {
        validator: {
          $jsonSchema: {
            bsonType: 'object',
            required: ['name', 'owner'],
            properties: {
              name: { bsonType: 'string', minLength: 1, maxLength: 40 },
              colors: { bsonType: 'array', maxItems: 3, items: { bsonType: 'string', pattern: '^#[0-9a-f]{6}$' } },
            },
          },
        },
      });
      await c.insertOne({ name: 'Neon', owner: 'u1', colors: ['#ff00ff'] });
      const missing = await serverError(c.insertOne({ name: 'No owner' }));
      expect(missing.code).to.equal(121);
      const info = missing.errInfo as Document;
      const rules = ((info['details'] as Document)['schemaRulesNotSatisfied'] as Document[]).map(
        (r) => r['operatorName'] as string,
      );
      expect(rules).to.include('required');
      const badColor = await serverError(c.updateOne({ name: 'Neon' }, { $push: { colors: 'red' } } as Document));
      expect(badColor.code).to.equal(121);
      expect((await c.findOne({ name: 'Neon' }))?.['colors']).to.deep.equal(['#ff00ff']);
      await c.insertOne({ name: 'Bypass' }, { bypassDocumentValidation: true });
      await db.command({ collMod: 'kits', validationAction: 'warn' });
      await c.insertOne({ name: 'Warned only' });
      expect(await c.countDocuments()).to.equal(3);
    });
  });
});
