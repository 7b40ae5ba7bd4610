/**
 * MongoDB's 16 MiB document limit on every write path, with mongod's error codes,
 * and large documents surviving kill -9 byte for byte. The compatibility tests also
 * run against a real MongoDB (MONGODB_URI); the crash test is embedded-only.
 */
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { BSON, MongoClient, MongoServerError, type Collection, type Db } from 'mongodb';
import {
  makeTempDir,
  removeDir,
  spawnCli,
  startTestMongo,
  uniqueDbName,
  uriWithDb,
  usingExternalMongo,
  type TestMongo,
} from './support';

/** Documents here use plain number/string ids. */
interface Loose {
  _id: number | string;
  x?: string;
  s?: string;
  body?: string;
  more?: string;
  parts?: string[];
  extra?: string[];
}

const MAX = 16 * 1024 * 1024;
/** Bytes of `{ _id: <int32>, x: '' }`: a document of that shape with an n-char string is OVERHEAD + n bytes. */
const OVERHEAD = BSON.calculateObjectSize({ _id: 1, x: '' });

function sha(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

async function failure(p: Promise<unknown>): Promise<MongoServerError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'expected the server to refuse the write').to.be.instanceOf(MongoServerError);
  return err as MongoServerError;
}

describe('embedded mongo: 16 MiB document limit', function () {
  this.timeout(120_000);
  let mongo: TestMongo;
  let client: MongoClient;
  let db: Db;
  let coll: Collection<Loose>;

  before(async function () {
    mongo = await startTestMongo({ ttlIntervalMs: 60_000 });
    const dbName = uniqueDbName('limits');
    client = new MongoClient(uriWithDb(mongo.uri, dbName));
    await client.connect();
    db = client.db(dbName);
  });

  beforeEach(async function () {
    coll = db.collection<Loose>(`big_${Math.random().toString(36).slice(2, 8)}`);
  });

  after(async function () {
    await db?.dropDatabase().catch(() => undefined);
    await client?.close();
    await mongo?.stop();
  });

  it('accepts a document of exactly 16 MiB and reads it back whole', async function () {
    const x = 'a'.repeat(MAX - OVERHEAD);
    await db.command({ insert: coll.collectionName, documents: [{ _id: 1, x }] });
    const back = await coll.findOne({ _id: 1 });
    expect((back?.['x'] as string).length).to.equal(x.length);
    expect(sha(back?.['x'] as string)).to.equal(sha(x));
  });

  it('refuses an insert one byte over 16 MiB with BadValue "object to insert too large"', async function () {
    const res = await db.command({
      insert: coll.collectionName,
      documents: [{ _id: 1, x: 'a'.repeat(MAX - OVERHEAD + 1) }],
    });
    const errors = res['writeErrors'] as Array<{ code: number; errmsg: string }>;
    expect(res['n']).to.equal(0);
    expect(errors[0]?.code).to.equal(2);
    expect(errors[0]?.errmsg).to.equal(`object to insert too large. size in bytes: ${MAX + 1}, max size: ${MAX}`);
    expect(await coll.countDocuments()).to.equal(0);
  });

  it('refuses a command carrying an object past 16 MiB + 16 KiB with BSONObjectTooLarge (10334)', async function () {
    const err = await failure(coll.insertOne({ _id: 7, x: 'b'.repeat(MAX + 64 * 1024) }));
    expect(err.code).to.equal(10334);
    expect(err.message).to.match(
      /^BSONObj size: \d+ \(0x[0-9A-F]+\) is invalid\. Size must be between 0 and 16793600\(16MB\)/,
    );
    expect(await coll.countDocuments()).to.equal(0);
  });

  it('refuses updates that grow a document past 16 MiB and leaves it unchanged', async function () {
    const nine = 'c'.repeat(9 * 1024 * 1024);
    await coll.insertOne({ _id: 1, parts: [nine] });
    // ~18 MiB: past the internal maximum, as in the 19 MiB update.
    const grown = await failure(coll.updateOne({ _id: 1 }, { $push: { parts: nine } }));
    expect(grown.code).to.equal(10334);
    // Just over 16 MiB: mongod's "Resulting document after update is larger than".
    const justOver = await failure(coll.updateOne({ _id: 1 }, { $set: { parts: ['d'.repeat(MAX - 30)] } }));
    expect([17419, 10334]).to.include(justOver.code);
    expect(justOver.message).to.match(/Resulting document after update is larger than 16777216|BSONObj size/);
    const viaFindAndModify = await failure(
      coll.findOneAndUpdate({ _id: 1 }, { $set: { more: 'e'.repeat(8 * 1024 * 1024) } }),
    );
    expect([17419, 10334]).to.include(viaFindAndModify.code);
    const doc = await coll.findOne({ _id: 1 });
    expect(doc?.['parts']).to.have.length(1);
    expect(sha((doc?.['parts'] as string[])[0] as string)).to.equal(sha(nine));
    expect(doc).to.not.have.property('more');
  });

  it('refuses an upsert of a document over 16 MiB with 17420', async function () {
    const err = await failure(coll.replaceOne({ _id: 2 }, { x: 'f'.repeat(MAX - OVERHEAD + 10) }, { upsert: true }));
    expect(err.code).to.equal(17420);
    expect(err.message).to.equal('Document to upsert is larger than 16777216');
    expect(await coll.countDocuments()).to.equal(0);
  });

  it('refuses $out and $merge results over 16 MiB', async function () {
    const half = 'g'.repeat(8 * 1024 * 1024 + 100);
    await coll.insertOne({ _id: 1, s: half });
    const doubled = [{ $project: { s: 1, t: '$s' } }];
    const out = await failure(coll.aggregate([...doubled, { $out: `${coll.collectionName}_out` }]).toArray());
    expect([2, 10334, 17419, 16493]).to.include(out.code);
    const merge = await failure(
      coll.aggregate([...doubled, { $merge: { into: coll.collectionName, whenMatched: 'merge' } }]).toArray(),
    );
    expect([2, 10334, 17419, 16493]).to.include(merge.code);
    const doc = await coll.findOne({ _id: 1 });
    expect(doc).to.not.have.property('t');
  });
});

(usingExternalMongo ? describe.skip : describe)('embedded mongo: large documents across kill -9', function () {
  this.timeout(120_000);
  let dir: string;

  beforeEach(async function () {
    dir = await makeTempDir();
  });

  afterEach(async function () {
    await removeDir(dir);
  });

  it('restores a 10 MiB document updated to nearly 16 MiB byte for byte', async function () {
    const cli = await spawnCli(dir);
    const client = await MongoClient.connect(cli.uri);
    const coll = client.db('large').collection<Loose>('docs');
    const first = 'h'.repeat(10 * 1024 * 1024);
    const second = 'i'.repeat(MAX - 200);
    const ninety = 'j'.repeat(9 * 1024 * 1024);
    await coll.insertOne({ _id: 'a', body: first });
    await coll.insertOne({ _id: 'b', body: ninety });
    await coll.updateOne({ _id: 'a' }, { $set: { body: second } });
    // Refused, so it must not reach the journal either.
    await failure(coll.updateOne({ _id: 'b' }, { $push: { extra: ninety } }));
    cli.child.kill('SIGKILL');
    await cli.exited;
    await client.close(true);

    const restarted = await spawnCli(dir);
    const client2 = await MongoClient.connect(restarted.uri);
    try {
      const docs = client2.db('large').collection<Loose>('docs');
      const a = await docs.findOne({ _id: 'a' });
      expect((a?.['body'] as string).length).to.equal(second.length);
      expect(sha(a?.['body'] as string)).to.equal(sha(second));
      const b = await docs.findOne({ _id: 'b' });
      expect(sha(b?.['body'] as string)).to.equal(sha(ninety));
      expect(b).to.not.have.property('extra');
    } finally {
      await client2.close();
      restarted.child.kill('SIGTERM');
      await restarted.exited;
    }
  });
});
