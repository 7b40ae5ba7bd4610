/**
 * The file operations the journal's durability rests on, behind one small
 * interface: opening a journal file, appending, fdatasync, closing and syncing a
 * directory entry. Production uses `nodeJournalFiles`; tests pass a layer that
 * records the order of these calls or injects delays and failures.
 */
import fs from 'node:fs';

export interface JournalFiles {
  /** Open (creating if needed) a file for appending; returns its descriptor. */
  openAppend(file: string): number;
  /** Write all of `chunks`, in order, at the end of the file. */
  append(fd: number, chunks: Buffer[]): Promise<void>;
  /** fdatasync: the appended bytes are on stable storage when this resolves. */
  datasync(fd: number): Promise<void>;
  close(fd: number): void;
  /** fsync a directory, making file creations and renames in it durable. */
  syncDir(dir: string): Promise<void>;
}

/** One writev for the whole batch (no copy into one buffer); a short write finishes with write. */
function appendAll(fd: number, chunks: Buffer[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const total = chunks.reduce((n, c) => n + c.length, 0);
    fs.writev(fd, chunks, (err, written) => {
      if (err) {
        return reject(err);
      }
      if (written === total) {
        return resolve();
      }
      writeRest(fd, Buffer.concat(chunks, total).subarray(written)).then(resolve, reject);
    });
  });
}

function writeRest(fd: number, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (offset: number): void => {
      fs.write(fd, data, offset, data.length - offset, null, (err, written) => {
        if (err) {
          return reject(err);
        }
        if (offset + written < data.length) {
          return step(offset + written);
        }
        resolve();
      });
    };
    step(0);
  });
}

export async function syncDirectory(dir: string): Promise<void> {
  const fh = await fs.promises.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export const nodeJournalFiles: JournalFiles = {
  openAppend: (file) => fs.openSync(file, 'a'),
  append: appendAll,
  datasync: (fd) => new Promise<void>((resolve, reject) => fs.fdatasync(fd, (e) => (e ? reject(e) : resolve()))),
  close: (fd) => fs.closeSync(fd),
  syncDir: syncDirectory,
};
