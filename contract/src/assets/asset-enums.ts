import { z } from 'zod';
import { ASSET_TYPES, TWITCH_ASSET_TYPES } from './asset-types';

export * from './asset-types';

/** The 5 generic asset types (`POST /generate`). */
export const assetTypeSchema = z.enum(ASSET_TYPES).meta({ id: 'AssetType' });

/**
 * The Twitch asset types (`POST /twitch/generate`): the spec's 14 and `reward_icon` (see `asset-types.ts`).
 */
export const twitchAssetTypeSchema = z.enum(TWITCH_ASSET_TYPES).meta({ id: 'TwitchAssetType' });

/** The 3 pack types (`POST /twitch/packs`). */
export const packTypeSchema = z.enum(['starter', 'pro', 'complete']).meta({ id: 'PackType' });
export type PackType = z.infer<typeof packTypeSchema>;

/** The 5 statuses of a generation job. */
export const jobStatusSchema = z
  .enum(['queued', 'processing', 'completed', 'failed', 'cancelled'])
  .meta({ id: 'JobStatus' });
export type JobStatus = z.infer<typeof jobStatusSchema>;

/** Art direction presets a streamer can pick for a generation. */
export const stylePresetSchema = z
  .enum(['chibi', 'pixel_art', 'kawaii', '3d', 'anime', 'meme', 'minimal_flat', 'neon', 'retro', 'bold_esports'])
  .meta({ id: 'StylePreset' });
export type StylePreset = z.infer<typeof stylePresetSchema>;

/** Every asset type a job or asset row can carry: generic or Twitch-specific. */
export const anyAssetTypeSchema = z.union([assetTypeSchema, twitchAssetTypeSchema]);
