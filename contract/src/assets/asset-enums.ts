import { z } from 'zod';

/** The 5 generic asset types (`POST /generate`). */
export const assetTypeSchema = z
  .enum(['twitch_emote', 'youtube_thumbnail', 'twitch_banner', 'twitch_badge', 'overlay'])
  .meta({ id: 'AssetType' });
export type AssetType = z.infer<typeof assetTypeSchema>;

/**
 * The Twitch asset types (`POST /twitch/generate`): the spec's 14 and `reward_icon`, a channel-point
 * reward's icon (112, 56 and 28 px, transparent), which Twitch's API cannot set, so the streamer
 * uploads it on Twitch's channel-points page.
 */
export const twitchAssetTypeSchema = z
  .enum([
    'emote',
    'badge',
    'panel',
    'banner',
    'offline_screen',
    'schedule',
    'thumbnail',
    'overlay',
    'alert',
    'transition',
    'starting_soon',
    'brb',
    'ending',
    'chat_box',
    'reward_icon',
  ])
  .meta({ id: 'TwitchAssetType' });
export type TwitchAssetType = z.infer<typeof twitchAssetTypeSchema>;

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
export type AnyAssetType = AssetType | TwitchAssetType;

/** The Twitch type each generic type is made as: its layout and sizes (a YouTube thumbnail is a video thumbnail). */
export const GENERIC_TO_TWITCH: Readonly<Record<AssetType, TwitchAssetType>> = {
  twitch_emote: 'emote',
  twitch_badge: 'badge',
  twitch_banner: 'banner',
  youtube_thumbnail: 'thumbnail',
  overlay: 'overlay',
};

function isGenericAssetType(type: AnyAssetType): type is AssetType {
  return Object.hasOwn(GENERIC_TO_TWITCH, type);
}

/** The Twitch type an asset type is made as (itself for a Twitch type). */
export function twitchAssetTypeOf(type: AnyAssetType): TwitchAssetType {
  return isGenericAssetType(type) ? GENERIC_TO_TWITCH[type] : type;
}
