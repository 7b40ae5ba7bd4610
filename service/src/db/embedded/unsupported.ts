/**
 * Features the embedded server does not have, refused up front with MongoDB's
 * error shape ({ok: 0, errmsg, code, codeName}) and a message that says so:
 * geospatial queries, indexes and stages, JavaScript ($where, $function,
 * $accumulator, mapReduce), change streams (as a standalone mongod answers),
 * capped / time-series / clustered collections (see create).
 */
import { ErrorCodes, MongoCommandError } from './errors';
import { isPlainObject } from './types';

const GEO_QUERY_OPS = new Set(['$near', '$nearSphere', '$geoWithin', '$geoIntersects', '$within', '$geoNear']);
const JS_OPS = new Set(['$where', '$function', '$accumulator']);
export const GEO_INDEX_TYPES = new Set(['2d', '2dsphere', 'geoHaystack']);

export function notSupported(what: string): MongoCommandError {
  return new MongoCommandError(ErrorCodes.NotImplemented, `${what} are not supported by the embedded server`);
}

/** Throw for geospatial or JavaScript operators anywhere in a filter or pipeline. */
export function refuseUnsupportedOperators(value: unknown, depth = 0): void {
  if (depth > 100 || value === null || typeof value !== 'object') {
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v) => refuseUnsupportedOperators(v, depth + 1));
    return;
  }
  if (!isPlainObject(value)) {
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    if (k.startsWith('$')) {
      if (GEO_QUERY_OPS.has(k)) {
        throw notSupported(`geospatial queries (${k})`);
      }
      if (JS_OPS.has(k)) {
        throw notSupported(`JavaScript expressions (${k})`);
      }
    }
    if (v !== null && typeof v === 'object') {
      refuseUnsupportedOperators(v, depth + 1);
    }
  }
}

/** mongod's answer to a change stream on a standalone server. */
export function changeStreamsUnsupported(): MongoCommandError {
  return new MongoCommandError(40573, 'The $changeStream stage is only supported on replica sets', {
    codeName: 'Location40573',
  });
}
