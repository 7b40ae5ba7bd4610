/**
 * The fast path of the most common read, a lookup by a unique key (`findOne({email})`, `findById`):
 * a filter that is one equality on `_id` or on a field with its own plain single-field index, with no
 * collation in play. Its answer is exactly the index entry's documents, so it needs neither the
 * generic planner nor mingo. It counts keys and documents examined as the generic plan does, so
 * serverStatus and explain's counters agree whichever path ran.
 */
import { Binary, ObjectId } from 'bson';
import type { Index } from './indexes';
import { idKeyOf, type Collection } from './storage/collection';
import type { StoredDoc } from './stored-doc';

/**
 * A value whose hash key compares exactly as mongod's equality does without a collation. (null also
 * matches missing fields and arrays compare as wholes or by element: those take the general path.)
 */
export function isPointValue(v: unknown): boolean {
  if (typeof v === 'string' || typeof v === 'boolean') {
    return true;
  }
  if (typeof v === 'number') {
    return !Number.isNaN(v);
  }
  return v instanceof ObjectId || v instanceof Date || v instanceof Binary;
}

/** The single-field index a point lookup on `field` can read, if the collection has one. */
function pointIndex(coll: Collection, field: string): Index | undefined {
  for (const index of coll.indexes.values()) {
    if (
      index.fields.length === 1 &&
      index.fields[0] === field &&
      !index.hidden &&
      !index.special &&
      !index.partial &&
      !index.collation
    ) {
      return index;
    }
  }
  return undefined;
}

/**
 * The stored documents whose `field` equals `value` (at most `limit`, 0 for all), or undefined when no
 * index serves the lookup or the collection compares strings under a collation.
 */
export function pointLookup(coll: Collection, field: string, value: unknown, limit: number): StoredDoc[] | undefined {
  if (coll.options['collation'] !== undefined) {
    return undefined;
  }
  const records: StoredDoc[] = [];
  let keys = 0;
  if (field === '_id') {
    keys = 1;
    const record = coll.records.get(idKeyOf(value));
    if (record) {
      records.push(record);
    }
  } else {
    const index = pointIndex(coll, field);
    if (!index) {
      return undefined;
    }
    const holders = index.lookup(index.lookupValue(value));
    if (holders instanceof Map) {
      for (const record of holders.values()) {
        keys++;
        records.push(record);
        if (records.length === limit) {
          break;
        }
      }
    } else if (holders) {
      // One document holds the key (always, in a unique index): the entry is its record.
      keys = 1;
      records.push(holders);
    }
  }
  coll.metrics.scanned += keys;
  coll.metrics.scannedObjects += records.length;
  return records;
}
