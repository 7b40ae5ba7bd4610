import { MongooseError, type Model, type Schema } from 'mongoose';

/** The positions of an unordered insert's documents refused as duplicates, or null for any other failure. */
export function duplicateKeyIndexes(error: unknown): Set<number> | null {
  const writeErrors = (error as { writeErrors?: Array<{ index?: number; code?: number; err?: { code?: number } }> })
    .writeErrors;
  if (!Array.isArray(writeErrors) || writeErrors.length === 0) {
    return null;
  }
  const indexes = new Set<number>();
  for (const item of writeErrors) {
    if ((item.code ?? item.err?.code) !== 11000 || typeof item.index !== 'number') {
      return null;
    }
    indexes.add(item.index);
  }
  return indexes;
}

/**
 * Refuses a row with a field the schema does not have, as a document of a `strict: 'throw'` schema
 * would (a plain object is not checked for that by mongoose's casting and validation).
 */
function refuseUnknownPaths(schema: Schema, row: Record<string, unknown>, prefix = ''): void {
  for (const [key, value] of Object.entries(row)) {
    const path = `${prefix}${key}`;
    const type = schema.pathType(path);
    if (type === 'adhocOrUndefined') {
      throw new MongooseError(`Field \`${path}\` is not in schema and strict mode is set to throw.`);
    }
    if (type === 'nested' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      refuseUnknownPaths(schema, value as Record<string, unknown>, `${path}.`);
    }
  }
}

/**
 * Inserts documents made by `model` (its defaults, validation and `created_at`/`updated_at`) in one
 * unordered write, for bulk paths where one round trip matters. The rows are checked as plain
 * objects (unknown fields refused, cast, defaults applied, validated: what a document would do,
 * at a sixth of the cost of building one). Answers the documents as stored and the positions
 * refused as duplicates (a unique index); any other failure throws.
 */
export async function insertManyUnordered<T extends { _id: string }>(
  model: Model<T>,
  rows: ReadonlyArray<Record<string, unknown>>,
): Promise<{ documents: T[]; duplicates: Set<number> }> {
  const now = new Date();
  const documents = await Promise.all(
    rows.map(async (row) => {
      const fields = { ...row, created_at: now, updated_at: now };
      refuseUnknownPaths(model.schema, fields);
      model.applyDefaults(fields);
      // validate casts the row (as castObject does) and answers it cast: one cast, not two
      return await model.validate(fields);
    }),
  );
  try {
    await model.collection.insertMany(documents as never[], { ordered: false });
    return { documents, duplicates: new Set() };
  } catch (error) {
    const duplicates = duplicateKeyIndexes(error);
    if (!duplicates) {
      throw error;
    }
    return { documents, duplicates };
  }
}
