/**
 * A fingerprint of everything a service keeps: every MongoDB collection of its database (count and
 * a checksum of its documents in `_id` order) and every file in its data folder (path and checksum).
 * Two equal fingerprints mean nothing was written, changed or removed in between.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TestService } from '@aurastream/service/testing';

export interface StoreSnapshot {
  collections: Record<string, { count: number; checksum: string }>;
  files: Record<string, string>;
}

/**
 * Collections that change on their own while nothing is asked of the service: Agenda's queue
 * (recurring jobs record their runs).
 */
const selfChanging = new Set(['agenda_jobs']);

/** Fields that record use rather than state: a service credential's last use. */
const usageFields: Readonly<Record<string, readonly string[]>> = { service_credentials: ['last_used_at'] };

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

export async function snapshotStore(app: TestService): Promise<StoreSnapshot> {
  const db = app.service.infra.mongo.connection.db;
  if (!db) {
    throw new Error('the service has no database connection');
  }
  const collections: StoreSnapshot['collections'] = {};
  for (const { name } of await db.listCollections().toArray()) {
    if (selfChanging.has(name)) {
      continue;
    }
    const documents = await db.collection(name).find({}).sort({ _id: 1 }).toArray();
    for (const document of documents) {
      for (const field of usageFields[name] ?? []) {
        delete document[field];
      }
    }
    collections[name] = { count: documents.length, checksum: sha256(JSON.stringify(documents)) };
  }
  const root = app.service.config.dataDir;
  const files: StoreSnapshot['files'] = {};
  for (const file of await filesUnder(root)) {
    files[file] = sha256(await readFile(path.join(root, file)));
  }
  return { collections, files };
}

/** What differs between two snapshots, one line per collection or file. */
export function storeDifferences(before: StoreSnapshot, after: StoreSnapshot): string[] {
  const differences: string[] = [];
  for (const name of new Set([...Object.keys(before.collections), ...Object.keys(after.collections)])) {
    const [was, is] = [before.collections[name], after.collections[name]];
    if (was?.count !== is?.count) {
      differences.push(`collection ${name}: ${was?.count ?? 'absent'} → ${is?.count ?? 'absent'} documents`);
    } else if (was?.checksum !== is?.checksum) {
      differences.push(`collection ${name}: documents changed`);
    }
  }
  for (const file of new Set([...Object.keys(before.files), ...Object.keys(after.files)])) {
    if (before.files[file] !== after.files[file]) {
      differences.push(`file ${file}: ${before.files[file] ? (after.files[file] ? 'changed' : 'removed') : 'added'}`);
    }
  }
  return differences;
}
