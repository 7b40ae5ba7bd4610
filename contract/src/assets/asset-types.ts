/**
 * The asset types as plain values, without zod (`asset-enums.ts` builds the schemas from them), so
 * a client that only maps types, such as the panel extension, bundles no schema library.
 */

/** The 5 generic asset types (`POST /generate`). */
export const ASSET_TYPES = ['twitch_emote', 'youtube_thumbnail', 'twitch_banner', 'twitch_badge', 'overlay'] as const;
export type AssetType = (typeof ASSET_TYPES)[number];

/**
 * The Twitch asset types (`POST /twitch/generate`): the spec's 14 and `reward_icon`, a channel-point
 * reward's icon (112, 56 and 28 px, transparent), which Twitch's API cannot set, so the streamer
 * uploads it on Twitch's channel-points page.
 */
export const TWITCH_ASSET_TYPES = [
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
] as const;
export type TwitchAssetType = (typeof TWITCH_ASSET_TYPES)[number];

/** Every asset type a job or asset row can carry: generic or Twitch-specific. */
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
