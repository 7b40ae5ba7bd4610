/**
 * Element matchers the updater needs, all through mingo queries (with the
 * command's collation and `let` variables): the array element a query matched
 * (positional `$`), arrayFilters (`$[<id>]`) and `$pull` conditions.
 */
import { type Query } from 'mingo/query';
import { valueKey } from '../bson';
import { ErrorCodes, MongoCommandError } from '../errors';
import { compileFilter, type QueryEnv } from '../filter';
import { isPlainObject, type Document } from '../types';

export type ElementMatcher = (element: unknown) => boolean;

/** Elements are tested as the value of this field of a wrapper document. */
const EL = '__element';
const LOGICAL = new Set(['$and', '$or', '$nor']);

function isOperatorDoc(v: unknown): v is Document {
  return isPlainObject(v) && Object.keys(v).length > 0 && Object.keys(v).every((k) => k.startsWith('$'));
}

/**
 * Rewrite a filter written against `from` (an identifier, or '' for the element's
 * own fields) so it applies to `{ [EL]: element }`.
 */
function rebase(filter: Document, from: string, onForeign: (key: string) => never): Document {
  const out: Document = {};
  for (const [key, cond] of Object.entries(filter)) {
    if (LOGICAL.has(key) && Array.isArray(cond)) {
      out[key] = (cond as unknown[]).map((sub) => (isPlainObject(sub) ? rebase(sub, from, onForeign) : sub));
    } else if (key.startsWith('$')) {
      out[key] = cond;
    } else if (from === '') {
      out[`${EL}.${key}`] = cond;
    } else if (key === from) {
      out[EL] = cond;
    } else if (key.startsWith(`${from}.`)) {
      out[`${EL}${key.slice(from.length)}`] = cond;
    } else {
      onForeign(key);
    }
  }
  return out;
}

function matcherFor(filter: Document, env: QueryEnv): ElementMatcher {
  const query: Query = compileFilter(filter, env);
  return (element) => query.test({ [EL]: element });
}

function topLevelIdentifier(filter: Document): string | undefined {
  for (const [key, cond] of Object.entries(filter)) {
    if (LOGICAL.has(key) && Array.isArray(cond)) {
      for (const sub of cond) {
        const id = isPlainObject(sub) ? topLevelIdentifier(sub) : undefined;
        if (id !== undefined) {
          return id;
        }
      }
    } else if (!key.startsWith('$')) {
      return key.split('.')[0];
    }
  }
  return undefined;
}

/** Parse `arrayFilters` into matchers by identifier, with mongod's parse errors. */
export function arrayFilterMatchers(arrayFilters: Document[] | undefined, env: QueryEnv): Map<string, ElementMatcher> {
  const out = new Map<string, ElementMatcher>();
  for (const filter of arrayFilters ?? []) {
    const id = topLevelIdentifier(filter);
    if (id === undefined) {
      throw new MongoCommandError(
        ErrorCodes.FailedToParse,
        'Cannot use an expression without a top-level field name in arrayFilters',
      );
    }
    if (!/^[a-z][a-zA-Z0-9]*$/.test(id)) {
      throw new MongoCommandError(
        ErrorCodes.BadValue,
        `Error parsing array filter :: caused by :: The top-level field name must be an alphanumeric string beginning with a lowercase letter, found '${id}'`,
      );
    }
    if (out.has(id)) {
      throw new MongoCommandError(
        ErrorCodes.FailedToParse,
        `Found multiple array filters with the same top-level field name ${id}`,
      );
    }
    const rebased = rebase(filter, id, (other) => {
      throw new MongoCommandError(
        ErrorCodes.FailedToParse,
        `Error parsing array filter :: caused by :: Expected a single top-level field name, found '${id}' and '${other.split('.')[0] ?? other}'`,
      );
    });
    out.set(id, matcherFor(rebased, env));
  }
  return out;
}

/**
 * For the positional `$`: the conditions a query puts on an array's elements, so
 * the first element satisfying all of them can be found in each document.
 */
export function positionalMatcher(
  filter: Document,
  env: QueryEnv,
): (doc: Document, arrayPath: readonly string[]) => number | undefined {
  const cache = new Map<string, ElementMatcher | null>();
  const build = (arrayPath: readonly string[]): ElementMatcher | null => {
    const clauses: Document[] = [];
    const collect = (f: Document): void => {
      for (const [key, cond] of Object.entries(f)) {
        if (key === '$and' && Array.isArray(cond)) {
          cond.forEach((sub) => isPlainObject(sub) && collect(sub));
          continue;
        }
        if (key.startsWith('$')) {
          continue;
        }
        const parts = key.split('.');
        if (parts.length < arrayPath.length || arrayPath.some((p, i) => parts[i] !== p)) {
          continue;
        }
        const rest = parts.slice(arrayPath.length).join('.');
        if (rest === '' && isPlainObject(cond) && isPlainObject(cond['$elemMatch'])) {
          const inner = cond['$elemMatch'];
          clauses.push(isOperatorDoc(inner) ? { [EL]: inner } : rebase(inner, '', () => undefined as never));
        } else {
          clauses.push({ [rest === '' ? EL : `${EL}.${rest}`]: cond });
        }
      }
    };
    collect(filter);
    return clauses.length ? matcherFor(clauses.length === 1 ? (clauses[0] as Document) : { $and: clauses }, env) : null;
  };
  return (doc, arrayPath) => {
    const key = arrayPath.join('.');
    let matcher = cache.get(key);
    if (matcher === undefined) {
      matcher = build(arrayPath);
      cache.set(key, matcher);
    }
    let value: unknown = doc;
    for (const part of arrayPath) {
      value = Array.isArray(value) ? value[Number(part)] : isPlainObject(value) ? value[part] : undefined;
    }
    if (!matcher || !Array.isArray(value)) {
      return undefined;
    }
    const index = value.findIndex((el) => matcher(el));
    return index >= 0 ? index : undefined;
  };
}

/** Which elements `$pull` removes for a condition: a query on documents, operators on values, or equality. */
export function pullMatcher(cond: unknown, env: QueryEnv): ElementMatcher {
  if (isPlainObject(cond) && Object.keys(cond).length > 0) {
    if (isOperatorDoc(cond) && !Object.keys(cond).some((k) => LOGICAL.has(k))) {
      return matcherFor({ [EL]: cond }, env);
    }
    return matcherFor(
      rebase(cond, '', () => undefined as never),
      env,
    );
  }
  if (cond instanceof RegExp) {
    return matcherFor({ [EL]: cond }, env);
  }
  const key = valueKey(cond);
  return (element) => valueKey(element) === key;
}
