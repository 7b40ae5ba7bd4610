/**
 * The order of durable writes, seen through a fault-injecting file layer under the
 * journal: a write is acknowledged only after its record is written and
 * fdatasync'd, and after the directory entry of a newly created journal file is
 * synced. Embedded-only: skipped with MONGODB_URI.
 */
import { expect } from 'chai';
import path from 'node:path';
import { MongoClient, MongoServerError } from 'mongodb';
import { nodeJournalFiles, type JournalFiles } from '../../service/src/db/embedded/index';
import { makeTempDir, removeDir, startEmbeddedMongo, usingExternalMongo, waitFor } from './support';

type FileEvent =
  | { kind: 'open'; fd: number; file: string }
  | { kind: 'append'; fd: number; data: Buffer }
  | { kind: 'datasync-start' | 'datasync'; fd: number }
  | { kind: 'syncdir'; dir: string }
  | { kind: 'reply'; marker: string };

/** Real file operations that log each call, and can hold or fail fdatasync and directory syncs. */
class RecordingFiles implements JournalFiles {
  readonly events: FileEvent[] = [];
  /** When set, fdatasync waits for this before doing its work. */
  datasyncGate: Promise<void> | undefined;
  /** When set, the next fdatasync fails with this error. */
  failNextDatasync: Error | undefined;
  /** Extra delay before a directory sync completes, to expose acknowledgements that don't wait for it. */
  syncDirDelayMs = 0;

  openAppend(file: string): number {
    const fd = nodeJournalFiles.openAppend(file);
    this.events.push({ kind: 'open', fd, file });
    return fd;
  }

  async append(fd: number, chunks: Buffer[]): Promise<void> {
    this.events.push({ kind: 'append', fd, data: Buffer.concat(chunks) });
    await nodeJournalFiles.append(fd, chunks);
  }

  async datasync(fd: number): Promise<void> {
    this.events.push({ kind: 'datasync-start', fd });
    await this.datasyncGate;
    const failure = this.failNextDatasync;
    if (failure) {
      this.failNextDatasync = undefined;
      throw failure;
    }
    await nodeJournalFiles.datasync(fd);
    this.events.push({ kind: 'datasync', fd });
  }

  close(fd: number): void {
    nodeJournalFiles.close(fd);
  }

  async syncDir(dir: string): Promise<void> {
    await new Promise((r) => setTimeout(r, this.syncDirDelayMs));
    await nodeJournalFiles.syncDir(dir);
    this.events.push({ kind: 'syncdir', dir });
  }

  reply(marker: string): void {
    this.events.push({ kind: 'reply', marker });
  }

  /** Index of the first append holding `marker`. */
  appendOf(marker: string): number {
    const needle = Buffer.from(marker);
    return this.events.findIndex((e) => e.kind === 'append' && e.data.includes(needle));
  }

  replyOf(marker: string): number {
    return this.events.findIndex((e) => e.kind === 'reply' && e.marker === marker);
  }
}

function settled(p: Promise<unknown>): () => boolean {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  return () => done;
}

(usingExternalMongo ? describe.skip : describe)('embedded mongo: durable write ordering', function () {
  let dir: string;
  let files: RecordingFiles;

  beforeEach(async function () {
    dir = await makeTempDir();
    files = new RecordingFiles();
  });

  afterEach(async function () {
    await removeDir(dir);
  });

  async function start(options: { compactThresholdBytes?: number } = {}) {
    const server = await startEmbeddedMongo({ dbPath: dir, journalFiles: files, compactOnStop: false, ...options });
    const client = await MongoClient.connect(server.uri, { maxPoolSize: 16 });
    return {
      coll: client.db('order').collection<{ marker: string; pad?: string }>('c'),
      stop: async (): Promise<void> => {
        await client.close();
        await server.stop();
      },
    };
  }

  it('replies to each write only after its record is written and fdatasync’d', async function () {
    const { coll, stop } = await start();
    try {
      const markers = Array.from({ length: 24 }, (_, i) => `order-marker-${i}-${Math.random().toString(36).slice(2)}`);
      await Promise.all(
        markers.map(async (marker) => {
          await coll.insertOne({ marker });
          files.reply(marker);
        }),
      );
      for (const marker of markers) {
        const written = files.appendOf(marker);
        const replied = files.replyOf(marker);
        expect(written, `record of ${marker} written`).to.be.greaterThan(-1);
        const fd = (files.events[written] as { fd: number }).fd;
        const synced = files.events.findIndex((e, i) => i > written && e.kind === 'datasync' && e.fd === fd);
        expect(synced, `fdatasync after the write of ${marker}`).to.be.greaterThan(written);
        expect(replied, `reply to ${marker} after its fdatasync`).to.be.greaterThan(synced);
      }
    } finally {
      await stop();
    }
  });

  it('holds the acknowledgement while fdatasync is still running', async function () {
    const { coll, stop } = await start();
    try {
      await coll.insertOne({ marker: 'warm-up' });
      let release: () => void = () => undefined;
      files.datasyncGate = new Promise<void>((r) => (release = r));
      const pending = coll.insertOne({ marker: 'held' });
      const done = settled(pending);
      const syncsBefore = files.events.filter((e) => e.kind === 'datasync-start').length;
      await waitFor(() => files.events.filter((e) => e.kind === 'datasync-start').length > syncsBefore);
      await new Promise((r) => setTimeout(r, 150));
      expect(done(), 'acknowledged before fdatasync finished').to.equal(false);
      files.datasyncGate = undefined;
      release();
      await pending;
      expect(await coll.countDocuments({ marker: 'held' })).to.equal(1);
    } finally {
      await stop();
    }
  });

  it('answers an error instead of an acknowledgement when fdatasync fails, and refuses later writes', async function () {
    const { coll, stop } = await start();
    try {
      await coll.insertOne({ marker: 'before' });
      files.failNextDatasync = Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
      const err = await coll.insertOne({ marker: 'lost' }).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(MongoServerError);
      expect((err as MongoServerError).message).to.match(/journal write failed/);
      const later = await coll.insertOne({ marker: 'after' }).catch((e: unknown) => e);
      expect(later).to.be.instanceOf(MongoServerError);
    } finally {
      await stop();
    }
  });

  it('syncs a new journal file’s directory entry before acknowledging writes into it', async function () {
    files.syncDirDelayMs = 40;
    const { coll, stop } = await start({ compactThresholdBytes: 6_000 });
    try {
      for (let i = 0; i < 30; i++) {
        const marker = `dir-marker-${i}`;
        await coll.insertOne({ marker, pad: 'p'.repeat(600) });
        files.reply(marker);
      }
      const opens = files.events.flatMap((e, i) => (e.kind === 'open' ? [{ i, e }] : []));
      expect(opens.length, 'journal files created (the first and after compactions)').to.be.at.least(3);
      expect(opens.map(({ e }) => path.basename(e.file))).to.include('journal.00000002.log');
      let checked = 0;
      for (const { i: opened, e } of opens) {
        const fd = e.fd;
        const firstWrite = files.events.findIndex((x, j) => j > opened && x.kind === 'append' && x.fd === fd);
        if (firstWrite < 0) {
          continue;
        }
        const marker = /dir-marker-\d+/.exec((files.events[firstWrite] as { data: Buffer }).data.toString('latin1'));
        if (!marker) {
          continue; // e.g. the collection's creation record
        }
        const replied = files.replyOf(marker[0]);
        const dirSynced = files.events.findIndex((x, j) => j > opened && x.kind === 'syncdir');
        expect(dirSynced, `directory synced after creating ${path.basename(e.file)}`).to.be.greaterThan(opened);
        expect(replied, `reply to ${marker[0]} after the directory sync`).to.be.greaterThan(dirSynced);
        checked++;
      }
      expect(checked, 'new journal files whose first write was checked').to.be.at.least(3);
    } finally {
      await stop();
    }
  });
});
