/**
 * Snapshot files: the whole state, written to a temp file, fsync'd and renamed
 * over `snapshot.bson`, so a crash leaves either the old or the new snapshot.
 * Layout: header record `{t:'snap', gen}` (first journal generation to replay on
 * top), then collection / index / document records, then `{t:'end', n}`.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { CollectionSnapshot } from './engine';
import { syncDirectory } from './files';
import { frame, readFrames } from './frames';
import type { Document } from '../types';

export const SNAPSHOT_FILE = 'snapshot.bson';
const CHUNK_BYTES = 4 * 1024 * 1024;

export async function writeSnapshot(
  dir: string,
  state: CollectionSnapshot[],
  gen: number,
  doFsync: boolean,
): Promise<void> {
  const final = path.join(dir, SNAPSHOT_FILE);
  const tmp = `${final}.tmp`;
  const fh = await fs.open(tmp, 'w');
  try {
    let chunk: Buffer[] = [];
    let bytes = 0;
    let n = 0;
    const push = async (rec: Document): Promise<void> => {
      for (const b of frame(rec)) {
        chunk.push(b);
        bytes += b.length;
      }
      n++;
      if (bytes >= CHUNK_BYTES) {
        // Writing in chunks also yields to the event loop so the server stays responsive.
        await fh.write(Buffer.concat(chunk, bytes));
        chunk = [];
        bytes = 0;
      }
    };
    await push({ t: 'snap', v: 1, gen, at: new Date() });
    for (const coll of state) {
      await push({ t: 'c', db: coll.db, c: coll.name, o: coll.options });
      for (const spec of coll.indexes) {
        if (spec.name !== '_id_') {
          await push({ t: 'ci', db: coll.db, c: coll.name, s: spec });
        }
      }
      for (const doc of coll.docs) {
        await push({ t: 'i', db: coll.db, c: coll.name, d: doc });
      }
    }
    await push({ t: 'end', n });
    if (bytes > 0) {
      await fh.write(Buffer.concat(chunk, bytes));
    }
    if (doFsync) {
      await fh.sync();
    }
  } finally {
    await fh.close();
  }
  await fs.rename(tmp, final);
  if (doFsync) {
    await syncDirectory(dir);
  }
}

export interface LoadedSnapshot {
  gen: number;
  records: Document[];
}

/** Load the snapshot, or undefined if there is none. A damaged snapshot is fatal. */
export async function readSnapshot(dir: string): Promise<LoadedSnapshot | undefined> {
  const file = path.join(dir, SNAPSHOT_FILE);
  await fs.rm(`${file}.tmp`, { force: true });
  let buf: Buffer;
  try {
    buf = await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw err;
  }
  const res = readFrames(buf);
  const head = res.records[0];
  const tail = res.records[res.records.length - 1];
  if (res.corrupt || !head || head['t'] !== 'snap' || !tail || tail['t'] !== 'end') {
    throw new Error(`snapshot ${file} is damaged (${res.reason ?? 'missing header or end marker'}); refusing to start`);
  }
  return { gen: Number(head['gen']), records: res.records.slice(1, -1) };
}
