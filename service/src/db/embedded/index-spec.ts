/**
 * Index specifications: validating and normalising what createIndexes receives
 * into what listIndexes returns, and comparing specs.
 */
import { formatValue, valueKey } from './bson';
import { expandCollation, normalizeCollation } from './collation';
import { ErrorCodes, MongoCommandError } from './errors';
import { isPlainObject, type Document } from './types';
import { GEO_INDEX_TYPES, notSupported } from './unsupported';

export interface IndexSpec extends Document {
  v: number;
  key: Document;
  name: string;
}

/** Key types kept as index metadata rather than a B-tree of values. */
export const SPECIAL_TYPES = new Set(['text', '2dsphere', '2d', 'hashed', 'geoHaystack']);

export function defaultIndexName(key: Document): string {
  return Object.entries(key)
    .map(([k, v]) => `${k}_${String(v)}`)
    .join('_');
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
    if (typeof v === 'string' && GEO_INDEX_TYPES.has(v)) {
      throw notSupported(`geospatial indexes (${v} on '${f}')`);
    }
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
    if (normalizeCollation(spec['collation'])) {
      spec['collation'] = expandCollation(spec['collation'] as Document);
    } else {
      delete spec['collation']; // {locale: 'simple'}
    }
  }
  return spec;
}

/** Whether two specs describe the same index (ignoring name and `v`). */
export function sameIndexOptions(a: IndexSpec, b: IndexSpec): boolean {
  const strip = (s: IndexSpec): string => {
    const { v: _v, name: _n, key: _k, background: _b, hidden: _h, ...rest } = s;
    // Specs stored before collations were spelled out in full compare equal to their expanded form.
    if (isPlainObject(rest['collation'])) {
      rest['collation'] = expandCollation(rest['collation']);
    }
    return valueKey(Object.fromEntries(Object.entries(rest).sort(([x], [y]) => x.localeCompare(y))));
  };
  return strip(a) === strip(b);
}

export function sameKey(a: IndexSpec, b: IndexSpec): boolean {
  return valueKey(a.key) === valueKey(b.key);
}
