import type { Writable } from 'node:stream';
import archiver from 'archiver';

/** A file of a zip: its path inside the archive, its bytes (or text) and its date. */
export interface ZipEntry {
  name: string;
  data: Buffer | string;
  date?: Date;
}

/**
 * Streams `entries` to `output` as a zip and resolves once `output` has taken all of it. Entries
 * are stored, not deflated: the images are already compressed, and storing costs no CPU.
 */
export async function writeStoredZip(output: Writable, entries: Iterable<ZipEntry>): Promise<void> {
  const archive = archiver('zip', { store: true });
  const finished = new Promise<void>((resolve, reject) => {
    archive.on('error', reject);
    output.on('error', reject);
    output.on('finish', resolve);
    output.on('close', resolve);
  });
  archive.pipe(output);
  for (const { name, data, date } of entries) {
    archive.append(data, { name, ...(date ? { date } : {}) });
  }
  await archive.finalize();
  await finished;
}
