import { Schema, type Connection, type Model } from 'mongoose';
import { defineSchema, type StoredDocument } from '../db/model';
import type { AnyAssetType, GenerationParams } from '@aurastream/contract';

/**
 * The `assets` collection: the spec's columns (one row per file: a design at one of the sizes its
 * type needs) plus `deleted_at`, set while a deletion can still be undone.
 */
export interface AssetFields {
  user_id: string;
  job_id: string;
  brand_kit_id: string | null;
  asset_type: AnyAssetType;
  width: number;
  height: number;
  format: 'png' | 'jpeg';
  url: string;
  storage_path: string | null;
  /** A small WebP of a large file for tiles (thumbnails.ts); null when the file is small itself. */
  thumbnail_url: string | null;
  file_size: number | null;
  is_public: boolean;
  prompt_used: string | null;
  generation_params: GenerationParams;
  viral_score: number | null;
  /** Soft deletion: hidden from every read; the row and file go once the grace period ends. */
  deleted_at: Date | null;
  created_at: Date;
}

export type AssetDocument = StoredDocument<AssetFields>;

const assetSchema = defineSchema<AssetFields>(
  {
    user_id: { type: String, required: true },
    job_id: { type: String, required: true },
    brand_kit_id: { type: String, default: null },
    asset_type: { type: String, required: true },
    width: { type: Number, required: true, min: 1 },
    height: { type: Number, required: true, min: 1 },
    format: { type: String, enum: ['png', 'jpeg'], default: 'png' },
    url: { type: String, required: true },
    storage_path: { type: String, default: null },
    thumbnail_url: { type: String, default: null },
    file_size: { type: Number, default: null },
    // new designs start private (publication.ts); rows written before that rule keep what they had
    is_public: { type: Boolean, default: false },
    prompt_used: { type: String, default: null },
    generation_params: { type: Schema.Types.Mixed, required: true },
    viral_score: { type: Number, default: null, min: 0, max: 100 },
    deleted_at: { type: Date, default: null },
  },
  { collection: 'assets', timestamps: 'created' },
);

// GET /assets: a user's library, newest first (the _id breaks ties for the cursor)
assetSchema.index({ user_id: 1, created_at: -1, _id: -1 });
// GET /jobs/{id}/assets, GET /assets?job_id=…, a pack's zip and the engine's "already made?" check
assetSchema.index({ user_id: 1, job_id: 1 });
// GET /assets?asset_type=…: a user's assets of one type, newest first
assetSchema.index({ user_id: 1, asset_type: 1, created_at: -1 });
// the sweep of expired deletions; only soft-deleted rows are in it
assetSchema.index({ deleted_at: 1 }, { partialFilterExpression: { deleted_at: { $type: 'date' } } });

export type AssetModel = Model<AssetDocument>;

export function registerAssetModel(connection: Connection): AssetModel {
  return connection.model<AssetDocument>('Asset', assetSchema);
}
