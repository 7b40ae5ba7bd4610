/**
 * A full disk while the embedded server writes its journal: `npm run db` as its own process under a
 * file-size limit (RLIMIT_FSIZE, `ulimit -f`: a write past it fails with EFBIG, as one fails with
 * ENOSPC on a full disk), written to until a journal write fails.
 */
import { expect } from 'chai';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { MongoClient, MongoServerError, type Collection } from 'mongodb';
import { makeTempDir, removeDir, spawnCli, usingExternalMongo, type CliProcess } from './support';

/** Each file the server writes stops at 1 MiB (the journal switches files only at 64 MiB). */
const FILE_SIZE_LIMIT_KIB = 1024;
/** Writers at once: a failing group commit carries several of them. */
const WRITERS = 8;
const PAYLOAD = 'x'.repeat(6 * 1024);

interface Written {
  acknowledged: number[];
  refused: { n: number; error: unknown }[];
}

/** Inserts WRITERS documents at a time until one is refused; which were acknowledged and which not. */
async function writeUntilRefused(docs: Collection<{ _id: number; payload: string }>): Promise<Written> {
  const written: Written = { acknowledged: [], refused: [] };
  for (let round = 0; written.refused.length === 0; round++) {
    // 1 MiB of 6 KiB documents is some 170: far fewer rounds than this
    expect(round, 'a journal write failed before the limit').to.be.below(200);
    const batch = Array.from({ length: WRITERS }, (_, i) => round * WRITERS + i);
    const outcomes = await Promise.allSettled(batch.map((n) => docs.insertOne({ _id: n, payload: PAYLOAD })));
    outcomes.forEach((outcome, i) => {
      const n = batch[i]!;
      if (outcome.status === 'fulfilled') {
        written.acknowledged.push(n);
      } else {
        written.refused.push({ n, error: outcome.reason });
      }
    });
  }
  return written;
}

async function journalBytes(dir: string): Promise<number> {
  const names = (await readdir(dir)).filter((name) => name.startsWith('journal.'));
  const sizes = await Promise.all(names.map(async (name) => (await stat(path.join(dir, name))).size));
  return sizes.reduce((sum, size) => sum + size, 0);
}

describe('embedded mongo: the disk fills up while the journal is written', function () {
  this.timeout(90_000);
  let dir: string;
  let server: CliProcess | null = null;
  let client: MongoClient | null = null;

  before(function () {
    if (usingExternalMongo) {
      this.skip();
    }
  });
  beforeEach(async () => {
    dir = await makeTempDir('embedded-disk-full-');
  });
  afterEach(async () => {
    await client?.close();
    client = null;
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    server = null;
    await removeDir(dir);
  });

  it('refuses the write that fails, keeps serving reads, and after a restart with space has every acknowledged document', async () => {
    server = await spawnCli(dir, [], { fileSizeLimitKiB: FILE_SIZE_LIMIT_KIB });
    // no retry: each insert is sent once, so its answer is the answer to that write
    client = await MongoClient.connect(server.uri, { retryWrites: false, serverSelectionTimeoutMS: 5000 });
    const docs = client.db('full').collection<{ _id: number; payload: string }>('docs');

    const { acknowledged, refused } = await writeUntilRefused(docs);
    expect(acknowledged.length, 'writes acknowledged before the disk filled').to.be.above(50);
    for (const { error } of refused) {
      // an answer from the server, not a dropped connection
      expect(error).to.be.instanceOf(MongoServerError);
      // the group commit that failed, or a write that came after it and was refused before it changed anything
      expect((error as MongoServerError).message).to.match(/journal write failed|journal could not be written/);
    }

    // the server is up and answers reads: exactly the acknowledged documents, not the refused ones
    expect(server.child.exitCode, server.output()).to.equal(null);
    const seen = (await docs.find({}, { projection: { _id: 1 } }).toArray()).map((doc) => doc._id);
    expect(seen.sort((a, b) => a - b)).to.deep.equal([...acknowledged].sort((a, b) => a - b));
    expect(await docs.findOne({ _id: acknowledged[0]! })).to.deep.include({ payload: PAYLOAD });

    // later writes are refused with an error, and leave nothing behind either
    const later = await docs.insertOne({ _id: -1, payload: 'later' }).catch((error: unknown) => error);
    expect(later).to.be.instanceOf(MongoServerError);
    // MongoDB's OutOfDiskSpace
    expect((later as MongoServerError).code).to.equal(14031);
    expect(await docs.countDocuments({ _id: -1 })).to.equal(0);
    expect(server.child.exitCode, server.output()).to.equal(null);

    // it stops cleanly, and its journal holds no torn record
    await client.close();
    client = null;
    server.child.kill('SIGTERM');
    expect(await server.exited, server.output()).to.equal(0);
    const bytesAtStop = await journalBytes(dir);

    // space back: every acknowledged document is there, the journal needed no repair, writes work
    server = await spawnCli(dir);
    expect(server.output()).not.to.match(/journal tail damaged/);
    expect(await journalBytes(dir)).to.equal(bytesAtStop);
    client = await MongoClient.connect(server.uri, { serverSelectionTimeoutMS: 5000 });
    const again = client.db('full').collection<{ _id: number; payload: string }>('docs');
    const recovered = (await again.find({}, { projection: { _id: 1 } }).toArray()).map((doc) => doc._id);
    expect(recovered.sort((a, b) => a - b)).to.deep.equal([...acknowledged].sort((a, b) => a - b));
    await again.insertOne({ _id: -2, payload: 'after the restart' });
    expect(await again.findOne({ _id: -2 })).to.deep.include({ payload: 'after the restart' });
  });
});
