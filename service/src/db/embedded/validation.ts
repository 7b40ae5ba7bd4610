/**
 * Collection validators (create / collMod `validator`): `$jsonSchema` (the
 * keywords MongoDB supports, with mongod's `schemaRulesNotSatisfied` details)
 * and query-operator expressions (through mingo), with validationLevel
 * strict / moderate / off and validationAction error / warn.
 */
import { ErrorCodes, MongoCommandError } from './errors';
import { compileFilter } from './filter';
import { markOf, type NumberMark } from './number-types';
import { bsonTypeCode, typeName, wantedTypeCodes } from './type-names';
import { isPlainObject, type Document } from './types';
import { valueKey } from './bson';

type Rule = Document;
type Check = (value: unknown, mark: NumberMark | undefined) => Rule[];

const JSON_TYPES: Record<string, number[]> = {
  object: [3],
  array: [4],
  number: [1, 16, 18, 19],
  boolean: [8],
  string: [2],
  null: [10],
};

const IGNORED = new Set(['title', 'description', 'encrypt', 'encryptMetadata']);

function schemaError(message: string): MongoCommandError {
  return new MongoCommandError(ErrorCodes.FailedToParse, message);
}

function typeSet(spec: unknown, keyword: string): Set<number> {
  if (keyword === 'type') {
    const names = Array.isArray(spec) ? spec : [spec];
    const out = new Set<number>();
    for (const n of names) {
      const codes = typeof n === 'string' ? JSON_TYPES[n] : undefined;
      if (!codes) {
        throw schemaError(`Unknown type name alias: ${String(n)}`);
      }
      codes.forEach((c) => out.add(c));
    }
    return out;
  }
  return wantedTypeCodes(spec);
}

/** Compile a $jsonSchema into a check returning the rules a value breaks. */
function compileSchema(schema: unknown): Check {
  if (!isPlainObject(schema)) {
    throw schemaError('$jsonSchema must be an object');
  }
  const checks: Check[] = [];
  const failed = (keyword: string, extra: Document = {}): Rule => ({
    operatorName: keyword,
    specifiedAs: { [keyword]: schema[keyword] },
    ...extra,
  });
  for (const [keyword, spec] of Object.entries(schema)) {
    switch (keyword) {
      case 'bsonType':
      case 'type': {
        const wanted = typeSet(spec, keyword);
        checks.push((v, m) =>
          wanted.has(bsonTypeCode(v, m))
            ? []
            : [failed(keyword, { reason: 'type did not match', consideredValue: v, consideredType: typeName(v, m) })],
        );
        break;
      }
      case 'required': {
        const names = spec as string[];
        checks.push((v) => {
          if (!isPlainObject(v)) {
            return [];
          }
          const missing = names.filter((n) => !(n in v));
          return missing.length ? [failed('required', { missingProperties: missing })] : [];
        });
        break;
      }
      case 'properties': {
        const props = Object.entries(spec as Document).map(([name, sub]) => [name, compileSchema(sub)] as const);
        checks.push((v) => {
          if (!isPlainObject(v)) {
            return [];
          }
          const bad = props.flatMap(([name, check]) => {
            if (!(name in v)) {
              return [];
            }
            const details = check(v[name], markOf(v, name));
            return details.length ? [{ propertyName: name, details }] : [];
          });
          return bad.length ? [{ operatorName: 'properties', propertiesNotSatisfied: bad }] : [];
        });
        break;
      }
      case 'additionalProperties': {
        const known = new Set(Object.keys((schema['properties'] as Document | undefined) ?? {}));
        const patterns = Object.keys((schema['patternProperties'] as Document | undefined) ?? {}).map(
          (p) => new RegExp(p, 'u'),
        );
        const sub = isPlainObject(spec) ? compileSchema(spec) : undefined;
        checks.push((v) => {
          if (!isPlainObject(v)) {
            return [];
          }
          const extra = Object.keys(v).filter((k) => !known.has(k) && !patterns.some((p) => p.test(k)));
          const bad = spec === false ? extra : sub ? extra.filter((k) => sub(v[k], markOf(v, k)).length > 0) : [];
          return bad.length ? [failed('additionalProperties', { additionalProperties: bad })] : [];
        });
        break;
      }
      case 'patternProperties': {
        const pats = Object.entries(spec as Document).map(
          ([p, sub]) => [new RegExp(p, 'u'), compileSchema(sub)] as const,
        );
        checks.push((v) =>
          isPlainObject(v) &&
          Object.keys(v).some((k) => pats.some(([re, c]) => re.test(k) && c(v[k], markOf(v, k)).length > 0))
            ? [failed('patternProperties')]
            : [],
        );
        break;
      }
      case 'enum': {
        const keys = new Set((spec as unknown[]).map((x) => valueKey(x)));
        checks.push((v) => (keys.has(valueKey(v)) ? [] : [failed('enum', { consideredValue: v })]));
        break;
      }
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
      case 'multipleOf': {
        if (keyword.startsWith('exclusive') && typeof spec === 'boolean') {
          break; // modifies minimum / maximum
        }
        const limit = Number(spec);
        const exclusive =
          keyword === 'minimum'
            ? schema['exclusiveMinimum'] === true
            : keyword === 'maximum'
              ? schema['exclusiveMaximum'] === true
              : true;
        const ok = (n: number): boolean =>
          keyword === 'multipleOf'
            ? n % limit === 0
            : keyword.toLowerCase().endsWith('minimum')
              ? exclusive
                ? n > limit
                : n >= limit
              : exclusive
                ? n < limit
                : n <= limit;
        checks.push((v) =>
          typeof v !== 'number' || ok(v) ? [] : [failed(keyword, { reason: 'comparison failed', consideredValue: v })],
        );
        break;
      }
      case 'minLength':
      case 'maxLength': {
        const n = Number(spec);
        checks.push((v) =>
          typeof v !== 'string' || (keyword === 'minLength' ? [...v].length >= n : [...v].length <= n)
            ? []
            : [failed(keyword, { consideredValue: v })],
        );
        break;
      }
      case 'pattern': {
        const re = new RegExp(String(spec), 'u');
        checks.push((v) =>
          typeof v !== 'string' || re.test(v)
            ? []
            : [failed('pattern', { reason: 'regular expression did not match', consideredValue: v })],
        );
        break;
      }
      case 'minItems':
      case 'maxItems':
      case 'minProperties':
      case 'maxProperties': {
        const n = Number(spec);
        const size = (v: unknown): number | undefined =>
          keyword.endsWith('Items')
            ? Array.isArray(v)
              ? v.length
              : undefined
            : isPlainObject(v)
              ? Object.keys(v).length
              : undefined;
        checks.push((v) => {
          const s = size(v);
          return s === undefined || (keyword.startsWith('min') ? s >= n : s <= n) ? [] : [failed(keyword)];
        });
        break;
      }
      case 'uniqueItems':
        checks.push((v) =>
          spec !== true || !Array.isArray(v) || new Set(v.map((x) => valueKey(x))).size === v.length
            ? []
            : [failed('uniqueItems')],
        );
        break;
      case 'items': {
        const subs = Array.isArray(spec) ? spec.map(compileSchema) : undefined;
        const one = subs ? undefined : compileSchema(spec);
        checks.push((v) => {
          if (!Array.isArray(v)) {
            return [];
          }
          const bad = v.some(
            (el, i) =>
              (subs ? (subs[i]?.(el, markOf(v, String(i))) ?? []) : (one as Check)(el, markOf(v, String(i)))).length >
              0,
          );
          return bad ? [failed('items')] : [];
        });
        break;
      }
      case 'allOf':
      case 'anyOf':
      case 'oneOf': {
        const subs = (spec as unknown[]).map(compileSchema);
        checks.push((v, m) => {
          const passing = subs.filter((c) => c(v, m).length === 0).length;
          const ok = keyword === 'allOf' ? passing === subs.length : keyword === 'anyOf' ? passing > 0 : passing === 1;
          return ok ? [] : [failed(keyword)];
        });
        break;
      }
      case 'not': {
        const sub = compileSchema(spec);
        checks.push((v, m) => (sub(v, m).length === 0 ? [failed('not')] : []));
        break;
      }
      case 'dependencies':
      case 'additionalItems':
        break;
      default:
        if (!IGNORED.has(keyword)) {
          throw schemaError(`Unknown $jsonSchema keyword: ${keyword}`);
        }
    }
  }
  return (v, m) => checks.flatMap((c) => c(v, m));
}

export interface CollectionValidator {
  level: 'off' | 'strict' | 'moderate';
  action: 'error' | 'warn';
  /** The reasons a document fails, empty when it is valid. */
  failures(doc: Document): Document[];
}

/** Compile a collection's validator options, or undefined when it has none. */
export function compileValidator(options: Document): CollectionValidator | undefined {
  const validator = options['validator'];
  if (!isPlainObject(validator) || Object.keys(validator).length === 0) {
    return undefined;
  }
  const { $jsonSchema, ...rest } = validator;
  const schema = $jsonSchema !== undefined ? compileSchema($jsonSchema) : undefined;
  const query = Object.keys(rest).length ? compileFilter(rest) : undefined;
  const level = options['validationLevel'] ?? 'strict';
  const action = options['validationAction'] ?? 'error';
  if (level !== 'off' && level !== 'strict' && level !== 'moderate') {
    throw new MongoCommandError(
      ErrorCodes.BadValue,
      `Enumeration value '${JSON.stringify(level)}' for field 'validationLevel' is not a valid value.`,
    );
  }
  if (action !== 'error' && action !== 'warn') {
    throw new MongoCommandError(
      ErrorCodes.BadValue,
      `Enumeration value '${JSON.stringify(action)}' for field 'validationAction' is not a valid value.`,
    );
  }
  return {
    level,
    action,
    failures(doc) {
      const out: Document[] = [];
      const rules = schema?.(doc, undefined) ?? [];
      if (rules.length) {
        out.push({ operatorName: '$jsonSchema', schemaRulesNotSatisfied: rules });
      }
      if (query && !query.test(doc)) {
        out.push({ operatorName: '$and', clausesNotSatisfied: [{ operatorName: 'expression', specifiedAs: rest }] });
      }
      return out;
    },
  };
}

/** mongod's DocumentValidationFailure (121) for a document. */
export function validationError(doc: Document, failures: Document[]): MongoCommandError {
  const details = failures.length === 1 ? failures[0] : { operatorName: '$and', clausesNotSatisfied: failures };
  return new MongoCommandError(ErrorCodes.DocumentValidationFailure, 'Document failed validation', {
    errInfo: { failingDocumentId: doc['_id'], details },
  });
}
