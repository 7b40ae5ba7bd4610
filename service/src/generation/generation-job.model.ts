import { Schema, type Connection, type Model } from 'mongoose';
import { defineSchema, type StoredDocument } from '../db/model';
import type {
  AnyAssetType,
  JobOrigin,
  JobStatus,
  PackType,
  StylePreset,
  JobType,
  PlatformContext,
} from '@aurastream/contract';

/** `platform_context` as stored: `captured_at` is a Date in the database. */
export type StoredPlatformContext = Omit<PlatformContext, 'captured_at'> & { captured_at: Date };

/**
 * The `generation_jobs` collection: the spec's columns, plus what the worker needs to do the job
 * (`pack_type`, `style_preset`, `variations`) and the quota bookkeeping (`quota_month`,
 * `quota_units`: what was reserved, so exactly the unmade part is given back).
 */
export interface GenerationJobFields {
  user_id: string;
  parent_job_id: string | null;
  status: JobStatus;
  job_type: JobType;
  asset_type: AnyAssetType | 'twitch_pack';
  pack_type: PackType | null;
  custom_prompt: string | null;
  brand_kit_id: string | null;
  platform_context: StoredPlatformContext | null;
  style_preset: StylePreset | null;
  variations: number;
  total_assets: number;
  completed_assets: number;
  failed_assets: number;
  queued_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
  error_message: string | null;
  retry_count: number;
  /** `YYYY-MM` the reservation was counted in; null for a pack's parent (its items carry theirs). */
  quota_month: string | null;
  /** Designs (variations) reserved against the monthly quota. */
  quota_units: number;
  /** A viewer's idea the job makes; null for the streamer's own requests. */
  origin: JobOrigin | null;
  created_at: Date;
  updated_at: Date;
}

export type GenerationJobDocument = StoredDocument<GenerationJobFields>;

const generationJobSchema = defineSchema<GenerationJobFields>(
  {
    user_id: { type: String, required: true },
    parent_job_id: { type: String, default: null },
    status: {
      type: String,
      enum: ['queued', 'processing', 'completed', 'failed', 'cancelled'],
      default: 'queued',
    },
    job_type: { type: String, enum: ['single', 'pack', 'pack_item'], default: 'single' },
    asset_type: { type: String, required: true },
    pack_type: { type: String, default: null },
    custom_prompt: { type: String, default: null },
    brand_kit_id: { type: String, default: null },
    platform_context: { type: Schema.Types.Mixed, default: null },
    style_preset: { type: String, default: null },
    variations: { type: Number, default: 1, min: 1, max: 4 },
    total_assets: { type: Number, default: 1, min: 0 },
    completed_assets: { type: Number, default: 0, min: 0 },
    failed_assets: { type: Number, default: 0, min: 0 },
    queued_at: { type: Date, default: () => new Date() },
    started_at: { type: Date, default: null },
    completed_at: { type: Date, default: null },
    error_message: { type: String, default: null },
    retry_count: { type: Number, default: 0, min: 0 },
    quota_month: { type: String, default: null },
    quota_units: { type: Number, default: 0, min: 0 },
    origin: { type: Schema.Types.Mixed, default: null },
  },
  { collection: 'generation_jobs' },
);

// GET /jobs?status=…: a user's jobs in one status, newest first
generationJobSchema.index({ user_id: 1, status: 1, created_at: -1 });
// GET /jobs without a status filter: a user's jobs, newest first (the _id breaks ties for the cursor)
generationJobSchema.index({ user_id: 1, created_at: -1, _id: -1 });
// a pack's items: GET /twitch/packs/{id}, the parent's roll-up and cancellation
generationJobSchema.index({ parent_job_id: 1, created_at: 1 });
// GenerationStats.countByAssetType: jobs created in a time range, across users
generationJobSchema.index({ created_at: 1 });

export type GenerationJobModel = Model<GenerationJobDocument>;

export function registerGenerationJobModel(connection: Connection): GenerationJobModel {
  return connection.model<GenerationJobDocument>('GenerationJob', generationJobSchema);
}
