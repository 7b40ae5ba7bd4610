/**
 * Compiling query filters into mingo queries, with the command's collation
 * (string comparisons rewritten, see collated-query.ts) and `let` variables.
 */
import { Query } from 'mingo/query';
import type { Options } from 'mingo/types';
import { applyCollation } from './collated-query';
import type { Collation } from './collation';
import { ErrorCodes, MongoCommandError, badValue } from './errors';
import { FULL_OPTIONS, QUERY_OPTIONS, needsExpressions } from './mingo-context';
import { isPlainObject, type Document } from './types';
import { refuseUnsupportedOperators } from './unsupported';

/** What a command adds to how its filters and expressions evaluate: its collation and `let` variables. */
export interface QueryEnv {
  collation?: Collation | undefined;
  variables?: Document | undefined;
}

/** mingo options for expressions and sorts under `env`. */
export function optionsFor(env: QueryEnv, base: Partial<Options> = FULL_OPTIONS): Partial<Options> {
  if (!env.collation && !env.variables) {
    return base;
  }
  return {
    ...base,
    ...(env.collation ? { collation: env.collation as unknown as Options['collation'] } : {}),
    ...(env.variables ? { variables: env.variables } : {}),
  };
}

/** mingo's message for an unknown query operator, mongod's error for it. */
function queryError(err: unknown): MongoCommandError {
  const message = err instanceof Error ? err.message : String(err);
  const unknown = /unknown (?:query )?operator:? '?(\$\w+)/i.exec(message);
  if (unknown) {
    return new MongoCommandError(ErrorCodes.BadValue, `unknown operator: ${unknown[1] ?? ''}`);
  }
  return badValue(message);
}

export function compileFilter(filter: unknown, env: QueryEnv = {}): Query {
  if (filter === undefined || filter === null) {
    return new Query({}, QUERY_OPTIONS);
  }
  if (!isPlainObject(filter)) {
    throw badValue('filter must be an object');
  }
  refuseUnsupportedOperators(filter);
  try {
    let f: Document = filter;
    if (env.collation) {
      f = applyCollation(f, env.collation);
    }
    if (!env.collation && !env.variables && !needsExpressions(f)) {
      return new Query(f, QUERY_OPTIONS);
    }
    return new Query(f, optionsFor(env));
  } catch (err) {
    throw queryError(err);
  }
}
