/** Compatibility suite: mongoose 9 models against the embedded server (or MONGODB_URI). */
import { expect } from 'chai';
import mongoose, { Schema, type Connection } from 'mongoose';
import { startTestMongo, uniqueDbName, uriWithDb, type TestMongo } from './support';

interface UserDoc {
  email: string;
  name: string;
  age?: number;
  tags: string[];
}
interface PostDoc {
  title: string;
  author: mongoose.Types.ObjectId;
  views: number;
}

describe('embedded mongo: mongoose', function () {
  let mongo: TestMongo;
  let conn: Connection;
  let User: mongoose.Model<UserDoc>;
  let Post: mongoose.Model<PostDoc>;

  before(async function () {
    mongo = await startTestMongo();
    conn = mongoose.createConnection(uriWithDb(mongo.uri, uniqueDbName('mg')));
    await conn.asPromise();
    const userSchema = new Schema<UserDoc>(
      {
        email: { type: String, required: true, unique: true, lowercase: true, trim: true },
        name: { type: String, required: true, minlength: 2 },
        age: { type: Number, min: 0 },
        tags: { type: [String], default: [] },
      },
      { timestamps: true },
    );
    const postSchema = new Schema<PostDoc>(
      {
        title: { type: String, required: true },
        author: { type: Schema.Types.ObjectId, ref: 'User', required: true },
        views: { type: Number, default: 0 },
      },
      { timestamps: true },
    );
    postSchema.index({ author: 1, title: 1 }, { unique: true });
    User = conn.model<UserDoc>('User', userSchema);
    Post = conn.model<PostDoc>('Post', postSchema);
    await User.init();
    await Post.init();
  });

  after(async function () {
    await conn?.dropDatabase().catch(() => undefined);
    await conn?.close();
    await mongo?.stop();
  });

  it('creates the schema indexes', async function () {
    const indexes = (await User.listIndexes()) as Array<Record<string, unknown>>;
    const email = indexes.find((i) => i['name'] === 'email_1');
    expect(email).to.include({ unique: true });
    expect(((await Post.listIndexes()) as Array<Record<string, unknown>>).map((i) => i['name'])).to.include(
      'author_1_title_1',
    );
  });

  it('validates documents before writing', async function () {
    const err = await User.create({ email: 'x@y.z', name: 'A', age: -1 }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(mongoose.Error.ValidationError);
    expect(await User.countDocuments()).to.equal(0);
  });

  it('turns unique index violations into duplicate key errors (11000)', async function () {
    await User.create({ email: 'Dup@Example.com', name: 'First' });
    const err = (await User.create({ email: 'dup@example.com ', name: 'Second' }).catch((e: unknown) => e)) as {
      code?: number;
      keyValue?: Record<string, unknown>;
      name?: string;
    };
    expect(err.code).to.equal(11000);
    expect(err.keyValue).to.deep.equal({ email: 'dup@example.com' });
    expect(err.name).to.equal('MongoServerError');
  });

  it('sets timestamps and reads lean documents', async function () {
    const created = await User.create({ email: 'ts@example.com', name: 'Timer' });
    expect(created.get('createdAt')).to.be.instanceOf(Date);
    await new Promise((r) => setTimeout(r, 5));
    await User.updateOne({ _id: created._id }, { $set: { name: 'Timer2' } });
    const lean = await User.findById(created._id).lean<Record<string, unknown>>();
    expect(lean?.['name']).to.equal('Timer2');
    expect((lean?.['updatedAt'] as Date).getTime()).to.be.greaterThan((lean?.['createdAt'] as Date).getTime());
    expect(lean).to.not.be.instanceOf(mongoose.Document);
  });

  it('populates references', async function () {
    const author = await User.create({ email: 'author@example.com', name: 'Author' });
    await Post.create([
      { title: 'one', author: author._id },
      { title: 'two', author: author._id },
    ]);
    const posts = await Post.find({ author: author._id })
      .sort({ title: 1 })
      .populate<{ author: UserDoc }>('author')
      .lean();
    expect(posts.map((p) => p.title)).to.deep.equal(['one', 'two']);
    expect(posts[0]?.author.email).to.equal('author@example.com');
    const dup = (await Post.create({ title: 'one', author: author._id }).catch((e: unknown) => e)) as { code?: number };
    expect(dup.code).to.equal(11000);
  });

  it('counts documents and runs findOneAndUpdate with upsert and returnDocument after (new)', async function () {
    const before = await User.countDocuments();
    const upserted = await User.findOneAndUpdate(
      { email: 'upsert@example.com' },
      { $set: { name: 'Upserted' }, $setOnInsert: { tags: ['new'] } },
      { upsert: true, returnDocument: 'after' },
    ).lean();
    expect(upserted?.name).to.equal('Upserted');
    expect(upserted?.tags).to.deep.equal(['new']);
    expect(await User.countDocuments()).to.equal(before + 1);
    const updated = await User.findOneAndUpdate(
      { email: 'upsert@example.com' },
      { $push: { tags: 'again' } },
      { returnDocument: 'after' },
    );
    expect(updated?.tags).to.deep.equal(['new', 'again']);
    expect(await User.countDocuments({ tags: 'again' })).to.equal(1);
    expect(await User.estimatedDocumentCount()).to.equal(before + 1);
  });

  it('runs bulkWrite', async function () {
    const res = await User.bulkWrite([
      { insertOne: { document: { email: 'b1@example.com', name: 'Bulk1' } } },
      { insertOne: { document: { email: 'b2@example.com', name: 'Bulk2' } } },
      { updateOne: { filter: { email: 'b1@example.com' }, update: { $set: { age: 30 } } } },
      { deleteOne: { filter: { email: 'b2@example.com' } } },
      { updateOne: { filter: { email: 'b3@example.com' }, update: { $set: { name: 'Bulk3' } }, upsert: true } },
    ]);
    expect(res.insertedCount).to.equal(2);
    expect(res.modifiedCount).to.equal(1);
    expect(res.deletedCount).to.equal(1);
    expect(res.upsertedCount).to.equal(1);
    expect((await User.findOne({ email: 'b1@example.com' }).lean())?.age).to.equal(30);
  });

  it('iterates a query cursor across getMore batches', async function () {
    const author = await User.create({ email: 'many@example.com', name: 'Many' });
    await Post.insertMany(
      Array.from({ length: 150 }, (_, i) => ({
        title: `t${String(i).padStart(3, '0')}`,
        author: author._id,
        views: i,
      })),
    );
    let count = 0;
    let last = -1;
    for await (const post of Post.find({ author: author._id }).sort({ views: 1 }).batchSize(16).cursor()) {
      expect(post.views).to.be.greaterThan(last);
      last = post.views;
      count++;
    }
    expect(count).to.equal(150);
    const agg = await Post.aggregate<{ _id: null; total: number }>([
      { $match: { author: author._id } },
      { $group: { _id: null, total: { $sum: '$views' } } },
    ]);
    expect(agg[0]?.total).to.equal((149 * 150) / 2);
  });

  it('deletes documents and supports distinct', async function () {
    await User.create({ email: 'del@example.com', name: 'Deleted', tags: ['x', 'y'] });
    expect((await User.distinct('tags')).sort()).to.include.members(['x', 'y']);
    const res = await User.deleteOne({ email: 'del@example.com' });
    expect(res.deletedCount).to.equal(1);
    expect(await User.exists({ email: 'del@example.com' })).to.equal(null);
  });
});
