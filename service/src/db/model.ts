import { randomUUID } from 'node:crypto';
import { Schema, type Model, type mongo, type SchemaDefinition, type SchemaOptions } from 'mongoose';

/**
 * Shared schema conventions: UUID string `_id` (exposed as `id`), snake_case `created_at` /
 * `updated_at`, no `__v`, strict fields.
 */
export function defineSchema<T>(
  definition: SchemaDefinition<T>,
  options: { collection: string; timestamps?: 'both' | 'created' | 'none' } & Pick<SchemaOptions, 'minimize'>,
): Schema {
  const timestamps =
    options.timestamps === 'none'
      ? false
      : options.timestamps === 'created'
        ? { createdAt: 'created_at', updatedAt: false }
        : { createdAt: 'created_at', updatedAt: 'updated_at' };
  return new Schema(
    { _id: { type: String, default: () => randomUUID() }, ...definition },
    {
      collection: options.collection,
      versionKey: false,
      strict: 'throw',
      timestamps,
      minimize: options.minimize ?? false,
      id: false,
    },
  );
}

/** A lean document as stored: `_id` plus fields. */
export type StoredDocument<T> = T & { _id: string };

/**
 * A model's collection as the driver sees it, typed by the stored document (string `_id`), for the
 * few bulk writes that skip mongoose's per-statement casting (their values are already the stored
 * types; they set `updated_at` themselves).
 */
export function driverCollection<T extends { _id: string }>(model: Model<T>): mongo.Collection<T> {
  return model.collection as unknown as mongo.Collection<T>;
}

/** Renames `_id` to `id`: repositories return entities, never documents. */
export function toEntity<T extends { _id: string }>(document: T): Omit<T, '_id'> & { id: string } {
  const { _id, ...rest } = document;
  return { id: _id, ...rest };
}
