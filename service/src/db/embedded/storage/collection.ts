/**
 * One collection in memory: a Map of `_id` key → stored document (with its encoding) plus its indexes.
 *
 * Documents are treated as immutable once stored (updates store a fresh copy), so
 * open cursors and snapshots can hold references without copying.
 */
import { ObjectId } from 'bson';
import { encode, valueKey } from '../bson';
import { normalizeCollation, type Collation } from '../collation';
import { ErrorCodes, MongoCommandError } from '../errors';
import { checkDocumentSize, type WriteKind } from '../limits';
import { compileValidator, validationError, type CollectionValidator } from '../validation';
import { normalizeSpec, sameIndexOptions, sameKey, type IndexSpec } from '../index-spec';
import { Index, type IndexEntryKey } from '../indexes';
import type { QueryMetrics } from '../query';
import { ServerParameters } from '../server-parameters';
import type { StoredDoc } from '../stored-doc';
import { isPlainObject, type Document } from '../types';

/**
 * Receives journal records for every mutation; a no-op while replaying. Records
 * that store a document pass its encoded bytes alongside (as the record's `d`).
 */
export type RecordSink = (record: Document, docBytes?: Buffer) => void;

/** Per-write options from the command. */
export interface WriteOptions {
  bypassDocumentValidation?: boolean | undefined;
}

export const ID_INDEX_SPEC: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

export function idKeyOf(id: unknown): string {
  return valueKey(id);
}

export class Collection {
  readonly db: string;
  name: string;
  /** create options (collation, validator…); collMod replaces them. */
  options: Document;
  private validator: CollectionValidator | undefined | null = null;
  /** The documents by `_id` key. */
  readonly records = new Map<string, StoredDoc>();
  /** Secondary indexes by name. */
  readonly indexes = new Map<string, Index>();
  /** The `_id` index's entries in order (its equality lookups go through `records`). */
  readonly idIndex = new Index(ID_INDEX_SPEC);
  private readonly sink: RecordSink;
  /** Throws when the server refuses writes (its journal failed); called before any change. */
  private readonly assertWritable: () => void;
  /** The server's query counters (serverStatus), shared by its collections. */
  readonly metrics: QueryMetrics;
  /** The server's parameters (setParameter), shared by its collections. */
  readonly parameters: ServerParameters;

  constructor(
    db: string,
    name: string,
    options: Document,
    sink: RecordSink,
    metrics: QueryMetrics = { scanned: 0, scannedObjects: 0, collectionScans: 0 },
    parameters: ServerParameters = new ServerParameters(),
    assertWritable: () => void = () => undefined,
  ) {
    this.db = db;
    this.name = name;
    this.options = options;
    this.sink = sink;
    this.metrics = metrics;
    this.parameters = parameters;
    this.assertWritable = assertWritable;
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  /** Refuse (or, with validationAction warn, log) a write the collection's validator fails. */
  private validate(oldDoc: Document | undefined, doc: Document, write: WriteOptions): void {
    if (this.validator === null) {
      this.validator = compileValidator(this.options);
    }
    const v = this.validator;
    if (!v || v.level === 'off' || write.bypassDocumentValidation) {
      return;
    }
    // moderate: updates to documents that were already invalid are not checked.
    if (oldDoc && v.level === 'moderate' && v.failures(oldDoc).length > 0) {
      return;
    }
    const failures = v.failures(doc);
    if (failures.length && v.action === 'error') {
      throw validationError(doc, failures);
    }
  }

  /** collMod: new options (validator, validationLevel…). */
  setOptions(options: Document): void {
    this.assertWritable();
    compileValidator(options);
    this.options = options;
    this.validator = null;
    this.sink({ t: 'mc', db: this.db, c: this.name, o: options });
  }

  /** collMod of an index (expireAfterSeconds, hidden): replaces its spec, keeping its entries. */
  modifyIndex(index: Index, changes: Document): void {
    this.assertWritable();
    for (const [k, v] of Object.entries(changes)) {
      if (v === false) {
        delete index.spec[k]; // hidden: false is the default, not listed
      } else {
        index.spec[k] = v;
      }
    }
    this.sink({ t: 'mi', db: this.db, c: this.name, s: index.spec });
  }

  /** The collation queries and indexes use when they name none (`create` option). */
  get defaultCollation(): Collation | undefined {
    return normalizeCollation(this.options['collation']);
  }

  indexSpecs(): IndexSpec[] {
    return [ID_INDEX_SPEC, ...Array.from(this.indexes.values(), (i) => i.spec)];
  }

  /** Give a document an `_id` (first field, as mongod does) and validate it. */
  static prepareForInsert(doc: Document): Document {
    if (!('_id' in doc)) {
      return { _id: new ObjectId(), ...doc };
    }
    const id = doc['_id'];
    if (Array.isArray(id)) {
      throw new MongoCommandError(ErrorCodes.InvalidIdField, "The '_id' value cannot be of type array");
    }
    if (id instanceof RegExp) {
      throw new MongoCommandError(ErrorCodes.InvalidIdField, "The '_id' value cannot be of type regex");
    }
    if (id === undefined) {
      throw new MongoCommandError(ErrorCodes.InvalidIdField, "The '_id' value cannot be undefined");
    }
    // Drivers append a generated _id; mongod stores it as the first field.
    for (const k in doc) {
      if (k === '_id') {
        return doc;
      }
      break;
    }
    const { _id, ...rest } = doc;
    return { _id, ...rest };
  }

  /** The E11000 error mongod reports for a duplicate `_id`. */
  duplicateIdError(id: unknown): MongoCommandError {
    return new Index(ID_INDEX_SPEC).duplicateError(this.ns, [id]);
  }

  /**
   * Insert a prepared document; throws E11000 on a unique violation and mongod's
   * size errors (for `kind`) when it is over 16 MiB, before changing anything.
   */
  insert(doc: Document, kind: WriteKind = 'insert', write: WriteOptions = {}): void {
    this.assertWritable();
    const idKey = idKeyOf(doc['_id']);
    if (this.records.has(idKey)) {
      throw this.duplicateIdError(doc['_id']);
    }
    const keys = this.computeKeys(doc);
    let i = 0;
    for (const index of this.indexes.values()) {
      index.checkUnique(this.ns, keys[i++] ?? null, idKey);
    }
    const bytes = encode(doc);
    checkDocumentSize(kind, bytes.length, doc);
    this.validate(undefined, doc, write);
    const record: StoredDoc = { id: idKey, doc, bytes };
    i = 0;
    for (const index of this.indexes.values()) {
      index.add(record, keys[i++] ?? null);
    }
    this.idIndex.add(record, idEntry(doc));
    this.updateText(idKey, undefined, doc);
    this.records.set(idKey, record);
    this.sink({ t: 'i', db: this.db, c: this.name }, bytes);
  }

  /** Replace a stored document with a new version (same `_id`). */
  replace(oldDoc: Document, newDoc: Document, write: WriteOptions = {}): void {
    this.assertWritable();
    const idKey = idKeyOf(oldDoc['_id']);
    const oldKeys = this.computeKeys(oldDoc);
    const newKeys = this.computeKeys(newDoc);
    let i = 0;
    for (const index of this.indexes.values()) {
      index.checkUnique(this.ns, newKeys[i++] ?? null, idKey);
    }
    const bytes = encode(newDoc);
    checkDocumentSize('update', bytes.length, newDoc);
    this.validate(oldDoc, newDoc, write);
    const record: StoredDoc = { id: idKey, doc: newDoc, bytes };
    i = 0;
    for (const index of this.indexes.values()) {
      // Even under an unchanged key: the entry leads to the record, which is the new version's.
      index.remove(idKey, oldKeys[i] ?? null);
      index.add(record, newKeys[i] ?? null);
      i++;
    }
    this.updateText(idKey, oldDoc, newDoc);
    this.records.set(idKey, record);
    this.sink({ t: 'u', db: this.db, c: this.name }, bytes);
  }

  remove(doc: Document): void {
    this.assertWritable();
    const idKey = idKeyOf(doc['_id']);
    if (!this.records.has(idKey)) {
      return;
    }
    let i = 0;
    const keys = this.computeKeys(doc);
    for (const index of this.indexes.values()) {
      index.remove(idKey, keys[i++] ?? null);
    }
    this.idIndex.remove(idKey, idEntry(doc));
    this.updateText(idKey, doc, undefined);
    this.records.delete(idKey);
    this.sink({ t: 'r', db: this.db, c: this.name, id: doc['_id'] });
  }

  /** Keep text indexes' term lists in step with a document's old and new versions. */
  private updateText(idKey: string, oldDoc: Document | undefined, newDoc: Document | undefined): void {
    for (const index of this.indexes.values()) {
      if (index.text) {
        if (oldDoc) {
          index.text.remove(idKey, oldDoc);
        }
        if (newDoc) {
          index.text.add(idKey, newDoc);
        }
      }
    }
  }

  /** The collection's text index (there is at most one). */
  get textIndex(): Index | undefined {
    for (const index of this.indexes.values()) {
      if (index.text) {
        return index;
      }
    }
    return undefined;
  }

  private computeKeys(doc: Document): Array<IndexEntryKey[] | null> {
    const out: Array<IndexEntryKey[] | null> = [];
    for (const index of this.indexes.values()) {
      out.push(index.keysOf(doc));
    }
    return out;
  }

  /**
   * Create (and build) an index. Returns false when an identical index exists.
   * Building a unique index over duplicates fails with E11000.
   */
  createIndex(raw: Document): boolean {
    this.assertWritable();
    const defaultCollation = this.options['collation'];
    // An index without a collation takes the collection's default, as in mongod.
    const spec = normalizeSpec(
      raw['collation'] === undefined && isPlainObject(defaultCollation) ? { ...raw, collation: defaultCollation } : raw,
    );
    const keyFields = Object.keys(spec.key);
    if (spec.name === '_id_' || (keyFields.length === 1 && spec.key['_id'] === 1 && !spec['partialFilterExpression'])) {
      return false; // the _id index always exists
    }
    for (const existing of this.indexes.values()) {
      const keyMatch = sameKey(existing.spec, spec);
      if (existing.name === spec.name) {
        if (keyMatch && sameIndexOptions(existing.spec, spec)) {
          return false;
        }
        throw new MongoCommandError(
          ErrorCodes.IndexKeySpecsConflict,
          `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${describe(spec)}, existing index: ${describe(existing.spec)}`,
        );
      }
      // Several indexes on one key pattern may coexist only if collation or partial filter differ.
      const distinct =
        valueKey(existing.spec['collation']) !== valueKey(spec['collation']) ||
        valueKey(existing.spec['partialFilterExpression']) !== valueKey(spec['partialFilterExpression']);
      if (keyMatch && !distinct) {
        throw new MongoCommandError(
          ErrorCodes.IndexOptionsConflict,
          `Index already exists with a different name: ${existing.name}`,
        );
      }
    }
    const index = new Index(spec);
    const existingText = this.textIndex;
    if (index.text && existingText) {
      throw new MongoCommandError(
        ErrorCodes.IndexOptionsConflict,
        `An equivalent index already exists with a different name and options. Requested index: ${describe(spec)}, existing index: ${describe(existingText.spec)}`,
      );
    }
    this.build(index);
    this.indexes.set(spec.name, index);
    this.sink({ t: 'ci', db: this.db, c: this.name, s: spec });
    return true;
  }

  private build(index: Index): void {
    for (const [idKey, record] of this.records) {
      const doc = record.doc;
      const keys = index.keysOf(doc);
      try {
        index.checkUnique(this.ns, keys, idKey);
      } catch (err) {
        index.clear();
        throw err;
      }
      index.add(record, keys);
      index.text?.add(idKey, doc);
    }
  }

  /** Used during recovery: install an index without uniqueness checks failing recovery. */
  restoreIndex(spec: IndexSpec): void {
    const index = new Index(spec);
    for (const [idKey, record] of this.records) {
      index.add(record, index.keysOf(record.doc));
      index.text?.add(idKey, record.doc);
    }
    this.indexes.set(spec.name, index);
  }

  dropIndex(name: string): void {
    this.assertWritable();
    if (!this.indexes.delete(name)) {
      throw new MongoCommandError(ErrorCodes.IndexNotFound, `index not found with name [${name}]`);
    }
    this.sink({ t: 'di', db: this.db, c: this.name, n: name });
  }

  /** Raw state changes applied from the journal (no journaling, no checks). */
  applyPut(doc: Document): void {
    const idKey = idKeyOf(doc['_id']);
    const old = this.records.get(idKey)?.doc;
    let i = 0;
    const oldKeys = old ? this.computeKeys(old) : [];
    const newKeys = this.computeKeys(doc);
    const record: StoredDoc = { id: idKey, doc, bytes: undefined };
    for (const index of this.indexes.values()) {
      index.remove(idKey, oldKeys[i] ?? null);
      index.add(record, newKeys[i] ?? null);
      i++;
    }
    if (!old) {
      this.idIndex.add(record, idEntry(doc));
    }
    this.updateText(idKey, old, doc);
    this.records.set(idKey, record);
  }

  applyRemove(id: unknown): void {
    const idKey = idKeyOf(id);
    const old = this.records.get(idKey)?.doc;
    if (!old) {
      return;
    }
    const keys = this.computeKeys(old);
    let i = 0;
    for (const index of this.indexes.values()) {
      index.remove(idKey, keys[i++] ?? null);
    }
    this.idIndex.remove(idKey, idEntry(old));
    this.updateText(idKey, old, undefined);
    this.records.delete(idKey);
  }
}

function idEntry(doc: Document): IndexEntryKey[] {
  return [{ key: '', values: [doc['_id']] }];
}

function describe(spec: IndexSpec): string {
  return JSON.stringify(spec);
}
