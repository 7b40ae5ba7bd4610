import type { Model } from 'mongoose';

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
 * Inserts documents made by `model` (its defaults, validation and `created_at`/`updated_at`) in one
 * unordered write, for bulk paths where one round trip matters. Answers the documents as stored and
 * the positions refused as duplicates (a unique index); any other failure throws.
 */
export async function insertManyUnordered<T extends { _id: string }>(
  model: Model<T>,
  rows: ReadonlyArray<Record<string, unknown>>,
): Promise<{ documents: T[]; duplicates: Set<number> }> {
  const now = new Date();
  const documents = await Promise.all(
    rows.map(async (row) => {
      const document = new model({ ...row, created_at: now, updated_at: now });
      await document.validate();
      return document.toObject();
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
