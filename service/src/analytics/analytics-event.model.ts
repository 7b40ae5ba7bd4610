import type { Connection, Model } from 'mongoose';
import { defineSchema, type StoredDocument } from '../db/model';
import { analyticsCategories, type AnalyticsCategory } from '@aurastream/contract';

/**
 * The `analytics_events` collection: how many events of one name and category happened in one UTC
 * hour, summed by the flush from the raw events in Redis.
 */
export interface AnalyticsEventCountFields {
  hour_start: Date;
  event_name: string;
  category: AnalyticsCategory;
  count: number;
  /** The latest flush batches counted in this row, so a re-run batch is never counted twice. */
  flush_batch_ids: string[];
  created_at: Date;
  updated_at: Date;
}

export type AnalyticsEventCountDocument = StoredDocument<AnalyticsEventCountFields>;

const analyticsEventCountSchema = defineSchema<AnalyticsEventCountFields>(
  {
    hour_start: { type: Date, required: true },
    event_name: { type: String, required: true },
    category: { type: String, enum: analyticsCategories, required: true },
    count: { type: Number, required: true, min: 0 },
    flush_batch_ids: { type: [String], default: [] },
  },
  { collection: 'analytics_events' },
);

// one row per bucket: the flush upserts by it and hourly reports scan it by hour range
analyticsEventCountSchema.index({ hour_start: 1, event_name: 1, category: 1 }, { unique: true });

export type AnalyticsEventCountModel = Model<AnalyticsEventCountDocument>;

export function registerAnalyticsEventCountModel(connection: Connection): AnalyticsEventCountModel {
  return connection.model<AnalyticsEventCountDocument>('AnalyticsEventCount', analyticsEventCountSchema);
}
