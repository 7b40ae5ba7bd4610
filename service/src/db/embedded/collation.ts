/**
 * Collations: validating a command's or an index's `collation`, turning MongoDB's
 * ICU locale ids ('en_US', 'de@collation=phonebook') into the BCP 47 tags
 * `Intl.Collator` takes, mongod's expanded form for listIndexes/listCollections,
 * and the string folding behind case- and diacritic-insensitive comparisons.
 */
import { ErrorCodes, MongoCommandError } from './errors';
import { formatValue } from './bson';
import { isPlainObject, type Document } from './types';

/** A validated collation; `locale` is a BCP 47 tag. Passed to mingo (which builds an Intl.Collator). */
export interface Collation extends Document {
  locale: string;
  strength: number;
  caseLevel: boolean;
  numericOrdering: boolean;
}

const FIELDS = new Set([
  'locale',
  'strength',
  'caseLevel',
  'caseFirst',
  'numericOrdering',
  'alternate',
  'maxVariable',
  'normalization',
  'backwards',
  'version',
]);

/** 'en_US' → 'en-US', 'de@collation=phonebook' → 'de-u-co-phonebk'-style keywords for Intl. */
export function toBcp47(locale: string): string {
  const [base = '', keywords] = locale.split('@');
  let tag = base.replace(/_/g, '-');
  if (keywords) {
    const ext = keywords
      .split(';')
      .map((kv) => kv.split('='))
      .filter(([k, v]) => k === 'collation' && v)
      .map(([, v]) => `co-${(v as string).slice(0, 8)}`);
    if (ext.length) {
      tag += `-u-${ext.join('-')}`;
    }
  }
  return tag;
}

function isSupportedLocale(tag: string): boolean {
  try {
    return Intl.Collator.supportedLocalesOf(tag).length > 0;
  } catch {
    return false; // a malformed tag
  }
}

function invalid(field: string, spec: Document): MongoCommandError {
  return new MongoCommandError(ErrorCodes.BadValue, `Field '${field}' is invalid in: ${formatValue(spec)}`);
}

/**
 * Validate a collation document; undefined for none or `{locale: 'simple'}`
 * (binary comparison). Throws mongod's errors for unknown fields and locales.
 */
export function normalizeCollation(raw: unknown): Collation | undefined {
  if (raw === undefined || raw === null) {
    return undefined;
  }
  if (!isPlainObject(raw)) {
    throw new MongoCommandError(
      ErrorCodes.TypeMismatch,
      "BSON field 'collation' is the wrong type, expected type 'object'",
    );
  }
  for (const k of Object.keys(raw)) {
    if (!FIELDS.has(k)) {
      throw new MongoCommandError(40415, `BSON field 'Collation.${k}' is an unknown field.`, {
        codeName: 'Location40415',
      });
    }
  }
  const locale = raw['locale'];
  if (typeof locale !== 'string') {
    throw new MongoCommandError(40414, "BSON field 'Collation.locale' is missing but a required field", {
      codeName: 'Location40414',
    });
  }
  if (locale === 'simple') {
    return undefined;
  }
  const tag = toBcp47(locale);
  if (tag !== 'root' && !isSupportedLocale(tag)) {
    throw invalid('locale', raw);
  }
  const strength = raw['strength'] ?? 3;
  if (typeof strength !== 'number' || !Number.isInteger(strength) || strength < 1 || strength > 5) {
    throw invalid('strength', raw);
  }
  return {
    ...raw,
    locale: tag === 'root' ? 'und' : tag,
    strength,
    caseLevel: raw['caseLevel'] === true,
    numericOrdering: raw['numericOrdering'] === true,
  };
}

/** The collation as mongod reports it in listIndexes / listCollections (every field spelled out). */
export function expandCollation(raw: Document): Document {
  return {
    locale: raw['locale'],
    caseLevel: raw['caseLevel'] ?? false,
    caseFirst: raw['caseFirst'] ?? 'off',
    strength: raw['strength'] ?? 3,
    numericOrdering: raw['numericOrdering'] ?? false,
    alternate: raw['alternate'] ?? 'non-ignorable',
    maxVariable: raw['maxVariable'] ?? 'punct',
    normalization: raw['normalization'] ?? false,
    backwards: raw['backwards'] ?? false,
    version: '57.1',
  };
}

/** Whether a collation makes string equality case-insensitive (strength 1 or 2). */
export function isCaseInsensitive(collation: Collation | undefined): boolean {
  return collation !== undefined && collation.strength <= 2 && !collation.caseLevel;
}

/** Folding that makes equal exactly the strings the collation (strength 1–2) deems equal. */
export function collationFolder(collation: Collation | undefined): ((s: string) => string) | undefined {
  if (!collation || !isCaseInsensitive(collation)) {
    return undefined;
  }
  const locale = collation.locale;
  if (collation.strength === 2) {
    return (s) => s.normalize('NFC').toLocaleLowerCase(locale);
  }
  return (s) => s.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase(locale);
}

/** Same collation for the purposes of index use (both undefined = binary). */
export function sameCollation(a: Collation | undefined, b: Collation | undefined): boolean {
  if (!a || !b) {
    return a === b;
  }
  return a.locale === b.locale && a.strength === b.strength && a.caseLevel === b.caseLevel;
}
