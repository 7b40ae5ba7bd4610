/**
 * What the embedded server does not do is refused clearly, with MongoDB's error
 * shape: geospatial queries and indexes, time-series / capped / clustered
 * collections, JavaScript, change streams, transactions on a standalone server,
 * fail points. Embedded-only (a real MongoDB supports most of these).
 */
import { expect } from 'chai';
import { MongoClient, MongoServerError, type Db } from 'mongodb';
import { startTestMongo, uniqueDbName, uriWithDb, usingExternalMongo, type TestMongo } from './support';

async function refusal(p: Promise<unknown>): Promise<MongoServerError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'expected the server to refuse').to.be.instanceOf(MongoServerError);
  const e = err as MongoServerError;
  expect(e.errmsg ?? e.message)
    .to.be.a('string')
    .and.not.equal('');
  expect(e.codeName).to.be.a('string');
  return e;
}

(usingExternalMongo ? describe.skip : describe)('embedded mongo: unsupported features answer clearly', function () {
  let mongo: TestMongo;
  let client: MongoClient;
  let db: Db;

  before(async function () {
    mongo = await startTestMongo({ ttlIntervalMs: 60_000 });
    const dbName = uniqueDbName('unsup');
    client = new MongoClient(uriWithDb(mongo.uri, dbName));
    await client.connect();
    db = client.db(dbName);
    await db.collection('places').insertOne({ loc: { type: 'Point', coordinates: [0, 0] } });
  });

  after(async function () {
    await db?.dropDatabase().catch(() => undefined);
    await client?.close();
    await mongo?.stop();
  });

  it('refuses geospatial indexes, queries and $geoNear as not implemented', async function () {
    const index = await refusal(db.collection('places').createIndex({ loc: '2dsphere' }));
    expect(index.code).to.equal(238);
    expect(index.codeName).to.equal('NotImplemented');
    expect(index.message).to.match(/geospatial indexes .* not supported by the embedded server/);
    const near = await refusal(
      db
        .collection('places')
        .find({ loc: { $near: { $geometry: { type: 'Point', coordinates: [0, 0] } } } })
        .toArray(),
    );
    expect(near.code).to.equal(238);
    expect(near.message).to.match(/geospatial queries \(\$near\)/);
    const within = await refusal(
      db.collection('places').countDocuments({ loc: { $geoWithin: { $centerSphere: [[0, 0], 1] } } }),
    );
    expect(within.code).to.equal(238);
    const geoNear = await refusal(
      db
        .collection('places')
        .aggregate([{ $geoNear: { near: { type: 'Point', coordinates: [0, 0] }, distanceField: 'd' } }])
        .toArray(),
    );
    expect(geoNear.code).to.equal(238);
  });

  it('refuses time-series, capped and clustered collections', async function () {
    const ts = await refusal(db.createCollection('metrics', { timeseries: { timeField: 't' } }));
    expect(ts.code).to.equal(238);
    expect(ts.message).to.match(/time-series collections are not supported/);
    const capped = await refusal(db.createCollection('log', { capped: true, size: 4096 }));
    expect(capped.message).to.match(/capped collections are not supported/);
    const convert = await refusal(db.command({ convertToCapped: 'places', size: 4096 }));
    expect(convert.code).to.equal(238);
    const clustered = await refusal(
      db.createCollection('clustered', { clusteredIndex: { key: { _id: 1 }, unique: true } }),
    );
    expect(clustered.message).to.match(/clustered collections are not supported/);
    expect((await db.listCollections().toArray()).map((c) => c.name)).to.deep.equal(['places']);
  });

  it('refuses JavaScript: $where, $function, $accumulator and mapReduce', async function () {
    const where = await refusal(db.collection('places').find({ $where: 'this.loc != null' }).toArray());
    expect(where.code).to.equal(238);
    expect(where.message).to.match(/JavaScript expressions \(\$where\)/);
    const fn = await refusal(
      db
        .collection('places')
        .aggregate([{ $addFields: { x: { $function: { body: 'function() { return 1 }', args: [], lang: 'js' } } } }])
        .toArray(),
    );
    expect(fn.code).to.equal(238);
    const mr = await refusal(
      db.command({ mapReduce: 'places', map: 'function() {}', reduce: 'function() {}', out: { inline: 1 } }),
    );
    expect(mr.code).to.equal(238);
  });

  it('answers change streams as a standalone mongod does', async function () {
    const stream = db.collection('places').watch();
    const err = await refusal(stream.tryNext());
    await stream.close();
    expect(err.code).to.equal(40573);
    expect(err.message).to.equal('The $changeStream stage is only supported on replica sets');
  });

  it('refuses transactions and fail points as a standalone mongod without test commands does', async function () {
    const session = client.startSession();
    try {
      const txn = await session
        .withTransaction(async () => {
          await db.collection('places').insertOne({ n: 1 }, { session });
        })
        .catch((e: unknown) => e);
      expect(txn).to.be.instanceOf(Error);
      expect((txn as Error).message).to.match(/Transaction numbers|retryable writes|replica set/);
    } finally {
      await session.endSession();
    }
    const failPoint = await refusal(db.admin().command({ configureFailPoint: 'failCommand', mode: 'alwaysOn' }));
    expect(failPoint.code).to.equal(59);
    expect(failPoint.codeName).to.equal('CommandNotFound');
    expect(await db.collection('places').countDocuments()).to.equal(1);
  });
});
