/**
 * Indexes: a hash map from index key → the stored documents holding it, which enforces
 * uniqueness (with sparse / partial / case-insensitive collation variants) and
 * answers equality lookups, plus the same entries in index order (built on first
 * use) for range scans and index-served sorts. The `_id_` index keeps only the
 * ordered entries: its hash map is the collection's document map.
 */
import { Query } from 'mingo/query';
import { sortKey } from './index-keys';
import { OrderedEntries, type Entry } from './ordered-entries';
import { TextIndex } from './text/text-index';
import { formatValue, valueKey } from './bson';
import { SPECIAL_TYPES, type IndexSpec } from './index-spec';
import { collationFolder, normalizeCollation, type Collation } from './collation';
import { ErrorCodes, MongoCommandError, badValue } from './errors';
import { FULL_OPTIONS } from './mingo-context';
import type { StoredDoc } from './stored-doc';
import { isPlainObject, type Document } from './types';

/** One index key of one document: its hash key plus the values, for error messages. */
export interface IndexEntryKey {
  key: string;
  values: unknown[];
}

const MAX_KEYS_PER_DOC = 10_000;

/**
 * Values at a dotted path, expanding arrays like MongoDB multikey indexes do.
 * `seen.array` is set when an array was met on the way (the index is multikey).
 */
export function pathValues(
  doc: unknown,
  parts: readonly string[],
  i = 0,
  out: unknown[] = [],
  seen: { array: boolean } = { array: false },
): unknown[] {
  if (i === parts.length) {
    if (Array.isArray(doc)) {
      seen.array = true;
      if (doc.length === 0) {
        out.push(undefined);
      } else {
        for (const el of doc) {
          out.push(el);
        }
      }
    } else {
      out.push(doc);
    }
    return out;
  }
  const part = parts[i] as string;
  if (Array.isArray(doc)) {
    seen.array = true;
    if (/^\d+$/.test(part)) {
      pathValues(doc[Number(part)], parts, i + 1, out, seen);
    } else if (doc.length === 0) {
      out.push(undefined);
    } else {
      for (const el of doc) {
        pathValues(el, parts, i, out, seen);
      }
    }
    return out;
  }
  if (isPlainObject(doc)) {
    return pathValues(doc[part], parts, i + 1, out, seen);
  }
  out.push(undefined);
  return out;
}

/** Whether the dotted path exists in the document (for sparse indexes). */
function pathExists(doc: unknown, parts: readonly string[]): boolean {
  let cur: unknown = doc;
  for (const part of parts) {
    if (Array.isArray(cur)) {
      return cur.some((el) => pathExists(el, [part]));
    }
    if (!isPlainObject(cur) || !(part in cur)) {
      return false;
    }
    cur = cur[part];
  }
  return true;
}

export class Index {
  readonly spec: IndexSpec;
  readonly name: string;
  readonly fields: string[];
  /** 1 or -1 per field. */
  readonly directions: number[];
  private readonly paths: string[][];
  readonly unique: boolean;
  readonly sparse: boolean;
  /** Text/geo/hashed indexes are kept as metadata only. */
  readonly special: boolean;
  readonly partial: Query | undefined;
  private readonly fold: ((s: string) => string) | undefined;
  readonly collation: Collation | undefined;
  /** Term index of a text index. */
  readonly text: TextIndex | undefined;
  /** Some document had an array on a key path: one document may have several keys. */
  multikey = false;
  /**
   * Each key's documents: the record itself when one document holds the key (always, in a unique
   * index: a lookup by it leads straight to the document and its encoding), else the records by id.
   */
  private readonly entries = new Map<string, StoredDoc | Map<string, StoredDoc>>();
  /** Entries in index order, built the first time a range or a sort needs them. */
  private ordered: OrderedEntries | undefined;

  constructor(spec: IndexSpec) {
    this.spec = spec;
    this.name = spec.name;
    this.fields = Object.keys(spec.key);
    if (this.fields.length === 0) {
      throw badValue('Index keys cannot be empty.');
    }
    this.directions = this.fields.map((f) => (typeof spec.key[f] === 'number' && spec.key[f] < 0 ? -1 : 1));
    this.paths = this.fields.map((f) => f.split('.'));
    this.special = Object.values(spec.key).some((v) => typeof v === 'string' && SPECIAL_TYPES.has(v));
    this.unique = spec['unique'] === true && !this.special;
    this.sparse = spec['sparse'] === true;
    const pfe = spec['partialFilterExpression'];
    this.partial = isPlainObject(pfe) ? new Query(pfe, FULL_OPTIONS) : undefined;
    this.collation = normalizeCollation(spec['collation']);
    this.fold = collationFolder(this.collation);
    this.text = Object.values(spec.key).includes('text') ? new TextIndex(spec) : undefined;
  }

  get isId(): boolean {
    return this.name === '_id_';
  }

  /** Hidden from the planner (collMod / createIndexes `hidden`), still maintained. */
  get hidden(): boolean {
    return this.spec['hidden'] === true;
  }

  get ttlSeconds(): number | undefined {
    const v = this.spec['expireAfterSeconds'];
    return typeof v === 'number' && this.fields.length === 1 ? v : undefined;
  }

  /** Keys of a document in this index, or null when the document is not indexed. */
  keysOf(doc: Document): IndexEntryKey[] | null {
    if (this.special) {
      return null;
    }
    if (this.partial && !this.partial.test(doc)) {
      return null;
    }
    if (this.sparse && !this.paths.some((p) => pathExists(doc, p))) {
      return null;
    }
    const seen = { array: false };
    const perField = this.paths.map((p) => dedupe(pathValues(doc, p, 0, [], seen), this.fold));
    if (seen.array) {
      this.multikey = true;
    }
    if (perField.length === 1) {
      return (perField[0] as unknown[]).map((v) => ({ key: valueKey(v, this.fold), values: [v] }));
    }
    let combos: unknown[][] = [[]];
    for (const values of perField) {
      const next: unknown[][] = [];
      for (const c of combos) {
        for (const v of values) {
          next.push([...c, v]);
        }
      }
      combos = next;
      if (combos.length > MAX_KEYS_PER_DOC) {
        throw badValue(`too many index keys for index ${this.name}`);
      }
    }
    return combos.map((values) => ({ key: compositeKey(values.map((v) => valueKey(v, this.fold))), values }));
  }

  /** Hash key for an equality lookup with one value per field. */
  lookupKey(values: unknown[]): string {
    const keys = values.map((v) => valueKey(v, this.fold));
    return keys.length === 1 ? (keys[0] as string) : compositeKey(keys);
  }

  /** Hash key for an equality lookup on a single-field index. */
  lookupValue(value: unknown): string {
    return valueKey(value, this.fold);
  }

  /** The documents holding `key`: one record, or several by id (see `entries`; not to be changed). */
  lookup(key: string): StoredDoc | Map<string, StoredDoc> | undefined {
    return this.entries.get(key);
  }

  /** The documents holding `key`, as a list. */
  lookupAll(key: string): StoredDoc[] {
    const holders = this.entries.get(key);
    return !holders ? [] : holders instanceof Map ? Array.from(holders.values()) : [holders];
  }

  /** How many documents hold `key`. */
  count(key: string): number {
    const holders = this.entries.get(key);
    return !holders ? 0 : holders instanceof Map ? holders.size : 1;
  }

  /** The order-preserving key of a value in this index (its collation applied). */
  sortKeyOf(value: unknown): string {
    return sortKey(value, this.fold);
  }

  /** Throws E11000 if inserting these keys for `id` would violate uniqueness. */
  checkUnique(ns: string, keys: IndexEntryKey[] | null, id: string): void {
    if (!this.unique || !keys) {
      return;
    }
    for (const k of keys) {
      const holders = this.entries.get(k.key);
      if (!holders) {
        continue;
      }
      if (holders instanceof Map) {
        for (const h of holders.keys()) {
          if (h !== id) {
            throw this.duplicateError(ns, k.values);
          }
        }
      } else if (holders.id !== id) {
        throw this.duplicateError(ns, k.values);
      }
    }
  }

  duplicateError(ns: string, values: unknown[]): MongoCommandError {
    const keyValue: Document = {};
    const keyPattern: Document = {};
    this.fields.forEach((f, i) => {
      keyValue[f] = values[i] ?? null;
      keyPattern[f] = this.spec.key[f];
    });
    const shown = this.fields.map((f, i) => `${f}: ${formatValue(values[i])}`).join(', ');
    const raw = this.spec['collation'] as Document | undefined;
    const collationNote = raw
      ? ` collation: { locale: "${String(raw['locale'])}", strength: ${this.collation?.strength ?? 3} }`
      : '';
    return new MongoCommandError(
      ErrorCodes.DuplicateKey,
      `E11000 duplicate key error collection: ${ns} index: ${this.name}${collationNote} dup key: { ${shown} }`,
      { keyPattern, keyValue },
    );
  }

  private entryOf(id: string, k: IndexEntryKey): Entry {
    return { keys: k.values.map((v) => sortKey(v, this.fold)), id };
  }

  /** Index a stored document under its keys (after `remove` of its previous version's, for an update). */
  add(record: StoredDoc, keys: IndexEntryKey[] | null): void {
    if (!keys) {
      return;
    }
    const id = record.id;
    for (const k of keys) {
      if (!this.isId) {
        const holders = this.entries.get(k.key);
        if (!holders || (!(holders instanceof Map) && holders.id === id)) {
          this.entries.set(k.key, record);
        } else if (holders instanceof Map) {
          holders.set(id, record);
        } else {
          this.entries.set(
            k.key,
            new Map([
              [holders.id, holders],
              [id, record],
            ]),
          );
        }
      }
      this.ordered?.insert(this.entryOf(id, k));
    }
  }

  remove(id: string, keys: IndexEntryKey[] | null): void {
    if (!keys) {
      return;
    }
    for (const k of keys) {
      this.ordered?.remove(this.entryOf(id, k));
      const holders = this.entries.get(k.key);
      if (!holders) {
        continue;
      }
      if (!(holders instanceof Map)) {
        if (holders.id === id) {
          this.entries.delete(k.key);
        }
        continue;
      }
      holders.delete(id);
      if (holders.size === 1) {
        for (const last of holders.values()) {
          this.entries.set(k.key, last);
        }
      }
    }
  }

  /** Compare two entries in index order (each field's direction), ties by document id. */
  readonly compareEntries = (a: Entry, b: Entry): number => {
    for (let i = 0; i < this.directions.length; i++) {
      const x = a.keys[i] as string;
      const y = b.keys[i] as string;
      if (x !== y) {
        return (x < y ? -1 : 1) * (this.directions[i] as number);
      }
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };

  /** The entries in index order, built from the stored documents on first use and maintained from then on. */
  orderedEntries(records: Iterable<[string, { readonly doc: Document }]>): OrderedEntries {
    if (!this.ordered) {
      const ordered = new OrderedEntries(this.compareEntries);
      for (const [id, { doc }] of records) {
        for (const k of this.keysOf(doc) ?? []) {
          ordered.insert(this.entryOf(id, k));
        }
      }
      this.ordered = ordered;
    }
    return this.ordered;
  }

  clear(): void {
    this.entries.clear();
    this.ordered = undefined;
    this.text?.clear();
  }
}

function compositeKey(keys: string[]): string {
  let out = '';
  for (const k of keys) {
    out += k.length + ':' + k;
  }
  return out;
}

function dedupe(values: unknown[], fold?: (s: string) => string): unknown[] {
  if (values.length < 2) {
    return values;
  }
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const v of values) {
    const k = valueKey(v, fold);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(v);
    }
  }
  return out;
}
