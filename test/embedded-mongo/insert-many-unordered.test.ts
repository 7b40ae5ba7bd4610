/** The service's bulk insert (`insertManyUnordered`) against the embedded server (or MONGODB_URI). */
import { expect } from 'chai';
import mongoose, { type Connection, type Model } from 'mongoose';
import { insertManyUnordered } from '../../service/src/db/insert-many';
import { defineSchema } from '../../service/src/db/model';
import { startTestMongo, uniqueDbName, uriWithDb, type TestMongo } from './support';

interface Row {
  _id: string;
  name: string;
  kind: string;
  detail: { size: number };
}

describe('bulk inserts of plain rows', function () {
  let mongo: TestMongo;
  let conn: Connection;
  let rows: Model<Row>;

  before(async function () {
    mongo = await startTestMongo();
    conn = mongoose.createConnection(uriWithDb(mongo.uri, uniqueDbName('bulk')));
    await conn.asPromise();
    const schema = defineSchema<Omit<Row, '_id'>>(
      {
        name: { type: String, required: true },
        kind: { type: String, enum: ['a', 'b'], default: 'a' },
        detail: { size: { type: Number, default: 1 } },
      },
      { collection: 'bulk_rows' },
    );
    rows = conn.model('BulkRow', schema) as unknown as Model<Row>;
  });

  after(async function () {
    await conn.close();
    await mongo.stop();
  });

  it('stores each row cast, with its defaults and timestamps, as the answer says', async () => {
    const { documents, duplicates } = await insertManyUnordered(rows as unknown as Model<{ _id: string }>, [
      { _id: 'r1', name: 'x', detail: { size: '2' } },
      { _id: 'r2', name: 'y', kind: 'b' },
    ]);
    expect(duplicates.size).to.equal(0);
    const stored = await conn.db!.collection<Record<string, unknown>>('bulk_rows').find({}).sort({ _id: 1 }).toArray();
    expect(stored.map(({ _id, name, kind, detail }) => ({ _id, name, kind, detail }))).to.deep.equal([
      { _id: 'r1', name: 'x', kind: 'a', detail: { size: 2 } },
      { _id: 'r2', name: 'y', kind: 'b', detail: { size: 1 } },
    ]);
    for (const document of stored) {
      expect(document['created_at']).to.be.instanceOf(Date);
      expect(document['updated_at']).to.deep.equal(document['created_at']);
    }
    expect(documents.map((document) => document._id)).to.deep.equal(['r1', 'r2']);
  });

  it('reports rows already stored as duplicates and stores the rest', async () => {
    const { duplicates } = await insertManyUnordered(rows as unknown as Model<{ _id: string }>, [
      { _id: 'r1', name: 'again' },
      { _id: 'r3', name: 'z' },
    ]);
    expect([...duplicates]).to.deep.equal([0]);
    const names = await conn
      .db!.collection('bulk_rows')
      .find({})
      .sort({ _id: 1 })
      .map((row) => String(row['name']))
      .toArray();
    expect(names).to.deep.equal(['x', 'y', 'z']);
  });
});
