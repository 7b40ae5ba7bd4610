/**
 * The document an upsert inserts when nothing matched: the query's equality
 * fields (`{a: 1}`, `{a: {$eq: 1}}`, inside `$and`), then the update applied as
 * an insert (`$setOnInsert` included).
 */
import { cloneDoc } from '../bson';
import { markOf } from '../number-types';
import { isPlainObject, type Document } from '../types';
import { applyUpdate, classifyUpdate, idFirst, type UpdateOptions } from './apply';
import { DocumentDraft } from './draft';

export function upsertSeed(filter: Document): Document {
  const draft = new DocumentDraft({});
  const walk = (f: Document): void => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) {
        v.forEach((sub) => isPlainObject(sub) && walk(sub));
        continue;
      }
      if (k.startsWith('$') || v instanceof RegExp) {
        continue;
      }
      const parts = k.split('.');
      if (isPlainObject(v) && Object.keys(v).some((x) => x.startsWith('$'))) {
        if ('$eq' in v) {
          draft.set(parts, cloneDoc(v['$eq']), markOf(v, '$eq'));
        }
        continue;
      }
      draft.set(parts, cloneDoc(v), markOf(f, k));
    }
  };
  walk(filter);
  return idFirst(draft.root);
}

/** The document to insert for an upsert of `spec` with the query `filter`. */
export function buildUpsertDocument(
  filter: Document,
  spec: unknown,
  opts: Omit<UpdateOptions, 'isInsert' | 'filter'>,
): Document {
  const seed = upsertSeed(filter);
  if (classifyUpdate(spec) === 'replacement') {
    const base: Document = '_id' in seed ? { _id: seed['_id'] } : {};
    return applyUpdate(base, spec, { ...opts, isInsert: true }).doc;
  }
  return idFirst(applyUpdate(seed, spec, { ...opts, isInsert: true }).doc);
}
