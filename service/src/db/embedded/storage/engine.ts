/**
 * The storage engine: databases → collections held in memory, every mutation
 * emitted as a journal record. `commit()` resolves once everything emitted so far
 * is durable, so handlers apply writes synchronously and await a single commit
 * before acknowledging (group commit happens in the journal).
 */
import { ErrorCodes, MongoCommandError } from '../errors';
import { isPlainObject, type Document } from '../types';
import { Collection } from './collection';
import type { IndexSpec } from '../index-spec';
import type { QueryMetrics } from '../query';
import { ServerParameters } from '../server-parameters';

export interface JournalLike {
  append(record: Document, docBytes?: Buffer): void;
  sync(): Promise<void>;
  /** Set once a journal write failed: writes are refused from then on. */
  readonly failure?: Error | undefined;
}

/** Errors of a full disk (ENOSPC, a file-size limit, a quota); MongoDB's OutOfDiskSpace. */
const DISK_FULL_CODES = new Set(['ENOSPC', 'EFBIG', 'EDQUOT']);
const OUT_OF_DISK_SPACE = 14031;

/** One collection captured for a snapshot: references only, docs are immutable. */
export interface CollectionSnapshot {
  db: string;
  name: string;
  options: Document;
  indexes: IndexSpec[];
  docs: Document[];
}

const INVALID_DB_CHARS = /[/\\. "$\0]/;

export function validateDbName(db: string): void {
  if (!db || INVALID_DB_CHARS.test(db) || db.length > 63) {
    throw new MongoCommandError(ErrorCodes.InvalidNamespace, `Invalid database name: '${db}'`);
  }
}

export function validateCollectionName(db: string, name: string): void {
  if (!name || name.includes('\0') || name.startsWith('.') || name.includes('$') || name.startsWith('system.')) {
    throw new MongoCommandError(ErrorCodes.InvalidNamespace, `Invalid collection name: ${db}.${name}`);
  }
}

export class Engine {
  readonly databases = new Map<string, Map<string, Collection>>();
  /** Keys and documents examined by queries since start (serverStatus metrics.queryExecutor). */
  readonly metrics: QueryMetrics = { scanned: 0, scannedObjects: 0, collectionScans: 0 };
  readonly parameters = new ServerParameters();
  private journal: JournalLike | undefined;
  private replaying = false;
  /** Mutations emitted so far; tells the dispatcher whether a command wrote anything. */
  mutations = 0;
  private readonly sink = (record: Document, docBytes?: Buffer): void => {
    if (!this.replaying) {
      this.mutations++;
      this.journal?.append(record, docBytes);
    }
  };

  /**
   * Throws, before anything changes, once the journal could not be written: a write applied in
   * memory that cannot be made durable would be lost at the next start, so none is taken.
   */
  readonly assertWritable = (): void => {
    const failure = this.journal?.failure;
    if (!failure || this.replaying) {
      return;
    }
    const code = (failure as NodeJS.ErrnoException).code;
    const diskFull = code !== undefined && DISK_FULL_CODES.has(code);
    throw new MongoCommandError(
      diskFull ? OUT_OF_DISK_SPACE : ErrorCodes.InternalError,
      `writes are refused until the server restarts: the journal could not be written (${failure.message})`,
      diskFull ? { codeName: 'OutOfDiskSpace' } : {},
    );
  };

  attachJournal(journal: JournalLike): void {
    this.journal = journal;
  }

  /** Resolves when every mutation made so far is on disk. */
  commit(): Promise<void> {
    return this.journal ? this.journal.sync() : Promise.resolve();
  }

  getCollection(db: string, name: string): Collection | undefined {
    return this.databases.get(db)?.get(name);
  }

  /** Collections are created implicitly by writes and createIndexes, as in MongoDB. */
  ensureCollection(db: string, name: string): Collection {
    return this.getCollection(db, name) ?? this.createCollection(db, name, {});
  }

  createCollection(db: string, name: string, options: Document): Collection {
    this.assertWritable();
    validateDbName(db);
    validateCollectionName(db, name);
    if (this.getCollection(db, name)) {
      throw new MongoCommandError(ErrorCodes.NamespaceExists, `Collection ${db}.${name} already exists.`);
    }
    let colls = this.databases.get(db);
    if (!colls) {
      this.databases.set(db, (colls = new Map<string, Collection>()));
    }
    const coll = new Collection(db, name, options, this.sink, this.metrics, this.parameters, this.assertWritable);
    colls.set(name, coll);
    this.sink({ t: 'c', db, c: name, o: options });
    return coll;
  }

  dropCollection(db: string, name: string): boolean {
    this.assertWritable();
    const colls = this.databases.get(db);
    if (!colls?.delete(name)) {
      return false;
    }
    if (colls.size === 0) {
      this.databases.delete(db);
    }
    this.sink({ t: 'x', db, c: name });
    return true;
  }

  dropDatabase(db: string): void {
    this.assertWritable();
    if (!this.databases.delete(db)) {
      return;
    }
    this.sink({ t: 'X', db });
  }

  renameCollection(db: string, from: string, toDb: string, to: string, dropTarget: boolean): void {
    this.assertWritable();
    const source = this.getCollection(db, from);
    if (!source) {
      throw new MongoCommandError(ErrorCodes.NamespaceNotFound, 'source namespace does not exist');
    }
    if (this.getCollection(toDb, to)) {
      if (!dropTarget) {
        throw new MongoCommandError(ErrorCodes.NamespaceExists, 'target namespace exists');
      }
      this.dropCollection(toDb, to);
    }
    const target = this.createCollection(toDb, to, source.options);
    for (const spec of source.indexSpecs()) {
      if (spec.name !== '_id_') {
        target.createIndex(spec);
      }
    }
    for (const { doc } of source.records.values()) {
      target.insert(doc);
    }
    this.dropCollection(db, from);
  }

  /** Capture the whole state (by reference) for a snapshot. */
  capture(): CollectionSnapshot[] {
    const out: CollectionSnapshot[] = [];
    for (const [db, colls] of this.databases) {
      for (const coll of colls.values()) {
        out.push({
          db,
          name: coll.name,
          options: coll.options,
          indexes: coll.indexSpecs(),
          docs: Array.from(coll.records.values(), (r) => r.doc),
        });
      }
    }
    return out;
  }

  /** Apply one journal/snapshot record during recovery. */
  applyRecord(rec: Document): void {
    this.replaying = true;
    try {
      const db = String(rec['db']);
      const c = String(rec['c']);
      switch (rec['t']) {
        case 'c':
          if (!this.getCollection(db, c)) {
            this.createCollection(db, c, isPlainObject(rec['o']) ? rec['o'] : {});
          }
          break;
        case 'x':
          this.dropCollection(db, c);
          break;
        case 'X':
          this.dropDatabase(db);
          break;
        case 'i':
        case 'u':
          if (isPlainObject(rec['d'])) {
            this.ensureCollection(db, c).applyPut(rec['d']);
          }
          break;
        case 'r':
          this.getCollection(db, c)?.applyRemove(rec['id']);
          break;
        case 'ci': {
          const spec = rec['s'] as IndexSpec;
          const coll = this.ensureCollection(db, c);
          if (spec.name !== '_id_') {
            coll.restoreIndex(spec);
          }
          break;
        }
        case 'di':
          this.getCollection(db, c)?.indexes.delete(String(rec['n']));
          break;
        case 'mi': {
          const spec = rec['s'] as IndexSpec;
          const coll = this.getCollection(db, c);
          const index = coll?.indexes.get(spec.name);
          if (index) {
            for (const k of Object.keys(index.spec)) {
              delete index.spec[k];
            }
            Object.assign(index.spec, spec);
          }
          break;
        }
        case 'mc': {
          const coll = this.getCollection(db, c);
          if (coll && isPlainObject(rec['o'])) {
            coll.options = rec['o'];
          }
          break;
        }
        default:
          break;
      }
    } finally {
      this.replaying = false;
    }
  }
}
