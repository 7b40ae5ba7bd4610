/**
 * Append-only journal with group commit, compaction into snapshots, and crash
 * recovery.
 *
 * Group commit: records are appended to an in-memory batch; `sync()` waits for the
 * batch that contains everything appended so far to be written and fdatasync'd.
 * While one fsync runs, new records pile up and go out together in the next one,
 * so N concurrent writers share fsyncs instead of paying one each.
 *
 * Compaction: when the current journal file grows past a threshold, the state is
 * captured (by reference — stored documents are immutable), appends switch to a
 * new journal generation, and the snapshot is written in the background. Journal
 * records are absolute (put document / remove id / create / drop), so replaying a
 * record that the snapshot already reflects is harmless.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { EmbeddedLogger } from '../types';
import type { Document } from '../types';
import type { Engine, JournalLike } from './engine';
import { nodeJournalFiles, type JournalFiles } from './files';
import { frame, readFrames } from './frames';
import { readSnapshot, writeSnapshot } from './snapshot';

export interface JournalOptions {
  dir: string;
  /** fdatasync each group commit (default true). Off only for throwaway data. */
  fsync: boolean;
  /** Start a compaction once the current journal file exceeds this many bytes. */
  compactThresholdBytes: number;
  logger: EmbeddedLogger;
  /** File operations (default: node's fs); tests inject faults here. */
  files?: JournalFiles | undefined;
}

interface Waiter {
  seq: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

const JOURNAL_RE = /^journal\.(\d{8})\.log$/;

function journalName(gen: number): string {
  return `journal.${String(gen).padStart(8, '0')}.log`;
}

async function listJournals(dir: string): Promise<number[]> {
  const names = await fsp.readdir(dir);
  return names
    .map((n) => JOURNAL_RE.exec(n)?.[1])
    .filter((g): g is string => g !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

export interface RecoveryStats {
  snapshotRecords: number;
  journalRecords: number;
  truncatedBytes: number;
}

export class Journal implements JournalLike {
  private readonly opts: JournalOptions;
  private readonly files: JournalFiles;
  private readonly engine: Engine;
  private fd: number;
  /** The current journal file was created and its directory entry is not yet durable. */
  private dirEntryPending: boolean;
  private gen: number;
  private fileBytes: number;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private appended = 0;
  private durable = 0;
  private waiters: Waiter[] = [];
  private flushing: Promise<void> | undefined;
  private compacting: Promise<void> | undefined;
  private failed: Error | undefined;
  private closed = false;

  private constructor(
    opts: JournalOptions,
    engine: Engine,
    fd: number,
    gen: number,
    fileBytes: number,
    dirEntryPending: boolean,
  ) {
    this.opts = opts;
    this.files = opts.files ?? nodeJournalFiles;
    this.engine = engine;
    this.fd = fd;
    this.gen = gen;
    this.fileBytes = fileBytes;
    this.dirEntryPending = dirEntryPending;
  }

  /** Recover `engine` from the directory, then open the journal for appends. */
  static async open(opts: JournalOptions, engine: Engine): Promise<{ journal: Journal; stats: RecoveryStats }> {
    const { dir } = opts;
    const { stats, gens, lastBytes } = await Journal.replay(dir, engine, opts.logger);
    const gen = gens.length ? (gens[gens.length - 1] as number) : (stats.snapshotGen ?? 1);
    const files = opts.files ?? nodeJournalFiles;
    const fd = files.openAppend(path.join(dir, journalName(gen)));
    // A file created here has no durable directory entry yet: the first commit syncs it.
    const journal = new Journal(opts, engine, fd, gen, gens.length ? lastBytes : 0, gens.length === 0);
    return { journal, stats };
  }

  /**
   * Applies the snapshot and the journal files after it to `engine`, cutting off a torn tail. With
   * `durableEnd`, that generation's file is read only up to that many bytes.
   */
  private static async replay(
    dir: string,
    engine: Engine,
    logger: EmbeddedLogger,
    durableEnd?: { gen: number; bytes: number },
  ): Promise<{ stats: RecoveryStats & { snapshotGen?: number }; gens: number[]; lastBytes: number }> {
    const stats: RecoveryStats & { snapshotGen?: number } = {
      snapshotRecords: 0,
      journalRecords: 0,
      truncatedBytes: 0,
    };
    const snapshot = await readSnapshot(dir);
    const firstGen = snapshot?.gen ?? 1;
    if (snapshot) {
      stats.snapshotGen = snapshot.gen;
      for (const rec of snapshot.records) {
        engine.applyRecord(rec);
      }
      stats.snapshotRecords = snapshot.records.length;
    }
    let gens = await listJournals(dir);
    for (const g of gens.filter((g) => g < firstGen)) {
      await fsp.rm(path.join(dir, journalName(g)), { force: true });
    }
    gens = gens.filter((g) => g >= firstGen);
    let lastBytes = 0;
    for (const [i, g] of gens.entries()) {
      const file = path.join(dir, journalName(g));
      const whole = await fsp.readFile(file);
      const buf = durableEnd?.gen === g ? whole.subarray(0, durableEnd.bytes) : whole;
      const res = readFrames(buf);
      for (const rec of res.records) {
        engine.applyRecord(rec);
      }
      stats.journalRecords += res.records.length;
      if (res.corrupt) {
        // A torn tail is what a crash mid-write leaves behind; cut it off and go on.
        stats.truncatedBytes += buf.length - res.goodBytes;
        const level = i === gens.length - 1 ? 'warn' : 'error';
        logger[level](
          { file, reason: res.reason, goodBytes: res.goodBytes, droppedBytes: buf.length - res.goodBytes },
          'journal tail damaged; truncating',
        );
        await fsp.truncate(file, res.goodBytes);
      }
      lastBytes = res.goodBytes;
    }
    return { stats, gens, lastBytes };
  }

  append(record: Document, docBytes?: Buffer): void {
    if (this.closed) {
      throw new Error('journal is closed');
    }
    for (const b of frame(record, docBytes)) {
      this.pending.push(b);
      this.pendingBytes += b.length;
    }
    this.appended++;
  }

  sync(): Promise<void> {
    if (this.failed) {
      return Promise.reject(this.failed);
    }
    if (this.durable >= this.appended) {
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ seq: this.appended, resolve, reject });
      this.flushing ??= this.flushLoop();
    });
  }

  private async flushLoop(): Promise<void> {
    try {
      // Let every command already received this turn append before we write.
      await new Promise<void>((r) => setImmediate(r));
      while (this.pending.length > 0) {
        const data = this.pending;
        const bytes = this.pendingBytes;
        const seq = this.appended;
        this.pending = [];
        this.pendingBytes = 0;
        await this.files.append(this.fd, data);
        if (this.opts.fsync) {
          await this.files.datasync(this.fd);
          // Records in a file whose name is not yet durable would vanish with it in a crash.
          if (this.dirEntryPending) {
            await this.files.syncDir(this.opts.dir);
            this.dirEntryPending = false;
          }
        }
        this.fileBytes += bytes;
        this.durable = seq;
        this.releaseWaiters();
        if (this.fileBytes >= this.opts.compactThresholdBytes && !this.compacting && !this.closed) {
          this.startCompaction();
        }
      }
    } catch (err) {
      this.failed = err instanceof Error ? err : new Error(String(err));
      this.opts.logger.error({ err: this.failed }, 'journal write failed; refusing further writes');
      await this.rollBack();
      for (const w of this.waiters) {
        w.reject(this.failed);
      }
      this.waiters = [];
    } finally {
      this.flushing = undefined;
    }
    if (this.waiters.length > 0 && !this.failed) {
      this.flushing = this.flushLoop();
    }
  }

  /** Why writes are refused: the journal write that failed (writes resume after a restart). */
  get failure(): Error | undefined {
    return this.failed;
  }

  /**
   * After a failed write, back to what is durable: the journal file is cut to its last durable
   * byte (a torn record, or one written but not synced, would otherwise come back at the next start
   * as a write that was refused), and the in-memory state is read back from disk, so reads stop
   * showing writes that were refused. Writes are refused from the failure on (`failure`).
   */
  private async rollBack(): Promise<void> {
    const durableEnd = { gen: this.gen, bytes: this.fileBytes };
    try {
      await fsp.truncate(path.join(this.opts.dir, journalName(durableEnd.gen)), durableEnd.bytes);
    } catch (err) {
      // still read only the durable bytes below; the next start cuts a torn tail off
      this.opts.logger.error({ err }, 'could not cut the failed write off the journal');
    }
    try {
      if (this.compacting) {
        await this.compacting;
      }
      this.engine.databases.clear();
      await Journal.replay(this.opts.dir, this.engine, this.opts.logger, durableEnd);
      this.opts.logger.warn(
        { gen: durableEnd.gen, bytes: durableEnd.bytes },
        'state rolled back to the journal on disk',
      );
    } catch (err) {
      this.opts.logger.error({ err }, 'could not read the journal back after a failed write');
    }
  }

  private releaseWaiters(): void {
    const still: Waiter[] = [];
    for (const w of this.waiters) {
      if (w.seq <= this.durable) {
        w.resolve();
      } else {
        still.push(w);
      }
    }
    this.waiters = still;
  }

  /** Capture state and switch to a new journal generation synchronously; write the snapshot in the background. */
  private startCompaction(): void {
    const state = this.engine.capture();
    const oldFd = this.fd;
    const oldGen = this.gen;
    const newGen = oldGen + 1;
    this.fd = this.files.openAppend(path.join(this.opts.dir, journalName(newGen)));
    this.dirEntryPending = true;
    this.gen = newGen;
    this.fileBytes = 0;
    this.files.close(oldFd);
    const started = Date.now();
    this.compacting = (async () => {
      try {
        await writeSnapshot(this.opts.dir, state, newGen, this.opts.fsync);
        for (const g of await listJournals(this.opts.dir)) {
          if (g < newGen) {
            await fsp.rm(path.join(this.opts.dir, journalName(g)), { force: true });
          }
        }
        this.opts.logger.info(
          { gen: newGen, collections: state.length, ms: Date.now() - started },
          'journal compacted into snapshot',
        );
      } catch (err) {
        // The old journal files are kept, so nothing is lost; try again later.
        this.opts.logger.error({ err }, 'snapshot compaction failed');
      } finally {
        this.compacting = undefined;
      }
    })();
  }

  /** Force a compaction now and wait for it (used on clean shutdown and by tests). */
  async compact(): Promise<void> {
    await this.sync();
    while (this.flushing) {
      await this.flushing;
    }
    if (this.compacting) {
      await this.compacting;
    }
    this.startCompaction();
    await this.compacting;
  }

  get currentGeneration(): number {
    return this.gen;
  }

  async close(options: { compact: boolean }): Promise<void> {
    if (this.closed) {
      return;
    }
    await this.sync().catch(() => undefined);
    while (this.flushing) {
      await this.flushing;
    }
    if (this.compacting) {
      await this.compacting;
    }
    if (options.compact && !this.failed) {
      await this.compact();
    }
    this.closed = true;
    this.files.close(this.fd);
  }
}
