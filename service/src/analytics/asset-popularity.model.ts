import type { Connection, Model } from 'mongoose';
import { defineSchema, type StoredDocument } from '../db/model';

/**
 * The `analytics_asset_popularity` collection: per UTC day and asset type, how often assets were
 * generated, viewed, downloaded and shared (from the `asset_*` events).
 */
export interface AssetPopularityFields {
  day: Date;
  asset_type: string;
  generated_count: number;
  viewed_count: number;
  downloaded_count: number;
  shared_count: number;
  /** The latest flush batches counted in this row, so a re-run batch is never counted twice. */
  flush_batch_ids: string[];
  created_at: Date;
  updated_at: Date;
}

export type AssetPopularityDocument = StoredDocument<AssetPopularityFields>;

const assetPopularitySchema = defineSchema<AssetPopularityFields>(
  {
    day: { type: Date, required: true },
    asset_type: { type: String, required: true },
    generated_count: { type: Number, default: 0, min: 0 },
    viewed_count: { type: Number, default: 0, min: 0 },
    downloaded_count: { type: Number, default: 0, min: 0 },
    shared_count: { type: Number, default: 0, min: 0 },
    flush_batch_ids: { type: [String], default: [] },
  },
  { collection: 'analytics_asset_popularity' },
);

// one row per bucket: the flush upserts by it and "popular assets" reads a range of days
assetPopularitySchema.index({ day: 1, asset_type: 1 }, { unique: true });

export type AssetPopularityModel = Model<AssetPopularityDocument>;

export function registerAssetPopularityModel(connection: Connection): AssetPopularityModel {
  return connection.model<AssetPopularityDocument>('AnalyticsAssetPopularity', assetPopularitySchema);
}
