/**
 * Secondary indexes: a hash map from index key → set of document ids. They enforce
 * uniqueness (with sparse / partial / case-insensitive collation variants) and
 * answer equality lookups so point queries don't scan the collection.
 */
import { Query } from 'mingo/query';
import { formatValue, valueKey } from './bson';
import { collationFolder, normalizeCollation, type Collation } from './collation';
import { ErrorCodes, MongoCommandError, badValue } from './errors';
import { FULL_OPTIONS } from './mingo-context';
import { isPlainObject, type Document } from './types';

export interface IndexSpec extends Document {
  v: number;
  key: Document;
  name: string;
}

/** One index key of one document: its hash key plus the values, for error messages. */
export interface IndexEntryKey {
  key: string;
  values: unknown[];
}

const SPECIAL_TYPES = new Set(['text', '2dsphere', '2d', 'hashed', 'geoHaystack']);
const MAX_KEYS_PER_DOC = 10_000;

/** Values at a dotted path, expanding arrays like MongoDB multikey indexes do. */
export function pathValues(doc: unknown, parts: readonly string[], i = 0, out: unknown[] = []): unknown[] {
  if (i === parts.length) {
    if (Array.isArray(doc)) {
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
    if (/^\d+$/.test(part)) {
      pathValues(doc[Number(part)], parts, i + 1, out);
    } else if (doc.length === 0) {
      out.push(undefined);
    } else {
      for (const el of doc) {
        pathValues(el, parts, i, out);
      }
    }
    return out;
  }
  if (isPlainObject(doc)) {
    return pathValues(doc[part], parts, i + 1, out);
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

export function defaultIndexName(key: Document): string {
  return Object.entries(key)
    .map(([k, v]) => `${k}_${String(v)}`)
    .join('_');
}

export class Index {
  readonly spec: IndexSpec;
  readonly name: string;
  readonly fields: string[];
  private readonly paths: string[][];
  readonly unique: boolean;
  readonly sparse: boolean;
  /** Text/geo/hashed indexes are kept as metadata only. */
  readonly special: boolean;
  private readonly partial: Query | undefined;
  private readonly fold: ((s: string) => string) | undefined;
  readonly collation: Collation | undefined;
  private readonly entries = new Map<string, Set<string>>();

  constructor(spec: IndexSpec) {
    this.spec = spec;
    this.name = spec.name;
    this.fields = Object.keys(spec.key);
    if (this.fields.length === 0) {
      throw badValue('Index keys cannot be empty.');
    }
    this.paths = this.fields.map((f) => f.split('.'));
    this.special = Object.values(spec.key).some((v) => typeof v === 'string' && SPECIAL_TYPES.has(v));
    this.unique = spec['unique'] === true && !this.special;
    this.sparse = spec['sparse'] === true;
    const pfe = spec['partialFilterExpression'];
    this.partial = isPlainObject(pfe) ? new Query(pfe, FULL_OPTIONS) : undefined;
    const collation = spec['collation'];
    this.collation = normalizeCollation(collation);
    this.fold = collationFolder(this.collation);
  }

  /** Keys are case-folded (collation strength 1 or 2). */
  get caseInsensitive(): boolean {
    return this.fold !== undefined;
  }

  get isId(): boolean {
    return this.name === '_id_';
  }

  /** Usable to answer an equality lookup on exactly these fields. */
  get usableForEquality(): boolean {
    return !this.special && !this.partial && !this.isId;
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
    const perField = this.paths.map((p) => dedupe(pathValues(doc, p), this.fold));
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

  lookup(key: string): ReadonlySet<string> | undefined {
    return this.entries.get(key);
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
      for (const h of holders) {
        if (h !== id) {
          throw this.duplicateError(ns, k.values);
        }
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
    const collationNote = this.collation
      ? ` collation: { locale: "${this.collation.locale}", strength: ${this.collation.strength ?? 3} }`
      : '';
    return new MongoCommandError(
      ErrorCodes.DuplicateKey,
      `E11000 duplicate key error collection: ${ns} index: ${this.name}${collationNote} dup key: { ${shown} }`,
      { keyPattern, keyValue },
    );
  }

  add(id: string, keys: IndexEntryKey[] | null): void {
    if (!keys) {
      return;
    }
    for (const k of keys) {
      let set = this.entries.get(k.key);
      if (!set) {
        this.entries.set(k.key, (set = new Set()));
      }
      set.add(id);
    }
  }

  remove(id: string, keys: IndexEntryKey[] | null): void {
    if (!keys) {
      return;
    }
    for (const k of keys) {
      const set = this.entries.get(k.key);
      if (!set) {
        continue;
      }
      set.delete(id);
      if (set.size === 0) {
        this.entries.delete(k.key);
      }
    }
  }

  clear(): void {
    this.entries.clear();
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

const ALLOWED_OPTIONS = new Set([
  'v',
  'key',
  'name',
  'unique',
  'sparse',
  'partialFilterExpression',
  'expireAfterSeconds',
  'collation',
  'background',
  'hidden',
  'weights',
  'default_language',
  'language_override',
  'textIndexVersion',
  '2dsphereIndexVersion',
  'bits',
  'min',
  'max',
  'storageEngine',
  'wildcardProjection',
  'ns',
]);

/** Validate and normalise a createIndexes spec into what listIndexes returns. */
export function normalizeSpec(raw: Document): IndexSpec {
  const key = raw['key'];
  if (!isPlainObject(key) || Object.keys(key).length === 0) {
    throw new MongoCommandError(ErrorCodes.BadValue, 'Index key must be a non-empty object');
  }
  for (const [f, v] of Object.entries(key)) {
    const ok =
      v === 1 || v === -1 || (typeof v === 'number' && v !== 0) || (typeof v === 'string' && SPECIAL_TYPES.has(v));
    if (!ok) {
      throw new MongoCommandError(
        ErrorCodes.CannotCreateIndex,
        `Values in the index key pattern can't be ${formatValue(v)} (field ${f})`,
      );
    }
  }
  for (const opt of Object.keys(raw)) {
    if (!ALLOWED_OPTIONS.has(opt)) {
      throw new MongoCommandError(
        ErrorCodes.InvalidIndexSpecificationOption,
        `The field '${opt}' is not valid for an index specification.`,
      );
    }
  }
  const name = typeof raw['name'] === 'string' ? raw['name'] : defaultIndexName(key);
  const spec: IndexSpec = { v: 2, key, name };
  for (const opt of ['unique', 'sparse', 'hidden'] as const) {
    if (raw[opt] === true) {
      spec[opt] = true;
    }
  }
  for (const opt of [
    'partialFilterExpression',
    'expireAfterSeconds',
    'collation',
    'weights',
    'default_language',
    'language_override',
    'textIndexVersion',
    '2dsphereIndexVersion',
  ]) {
    if (raw[opt] !== undefined) {
      spec[opt] = raw[opt];
    }
  }
  if (spec['collation'] !== undefined) {
    const c = spec['collation'];
    if (!isPlainObject(c) || typeof c['locale'] !== 'string') {
      throw badValue('collation must be an object with a locale');
    }
    if (c['locale'] === 'simple') {
      delete spec['collation'];
    }
  }
  return spec;
}

/** Whether two specs describe the same index (ignoring name and `v`). */
export function sameIndexOptions(a: IndexSpec, b: IndexSpec): boolean {
  const strip = (s: IndexSpec): string => {
    const { v: _v, name: _n, key: _k, background: _b, ...rest } = s;
    return valueKey(Object.fromEntries(Object.entries(rest).sort(([x], [y]) => x.localeCompare(y))));
  };
  return strip(a) === strip(b);
}

export function sameKey(a: IndexSpec, b: IndexSpec): boolean {
  return valueKey(a.key) === valueKey(b.key);
}
