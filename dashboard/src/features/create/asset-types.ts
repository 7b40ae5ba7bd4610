import type { AssetType, CoachAssetType, TwitchAssetType } from '@aurastream/contract';
import type { AssetDimensions, Dimensions } from '../../api/types';

/** A type the create page offers: a Twitch type (`/twitch/generate`) or a generic one (`/generate`). */
export interface CreatableType {
  key: string;
  endpoint: 'twitch' | 'generic';
  assetType: TwitchAssetType | AssetType;
  name: string;
  description: string;
  sizes: AssetDimensions['sizes'];
  transparent: boolean;
  group: string;
  coachType: CoachAssetType;
}

const groups: Record<string, string> = {
  emote: 'Chat',
  badge: 'Chat',
  panel: 'Channel page',
  banner: 'Channel page',
  offline_screen: 'Channel page',
  schedule: 'Channel page',
  starting_soon: 'Stream scenes',
  brb: 'Stream scenes',
  ending: 'Stream scenes',
  transition: 'Stream scenes',
  overlay: 'Stream scenes',
  alert: 'Stream scenes',
  chat_box: 'Stream scenes',
  thumbnail: 'Video',
  youtube_thumbnail: 'Video',
};

export const groupOrder = ['Chat', 'Channel page', 'Stream scenes', 'Video'];

const coachTypes: Record<string, CoachAssetType> = {
  emote: 'twitch_emote',
  badge: 'twitch_badge',
  banner: 'twitch_banner',
  panel: 'twitch_panel',
  schedule: 'twitch_panel',
  offline_screen: 'twitch_offline',
  thumbnail: 'youtube_thumbnail',
  youtube_thumbnail: 'youtube_thumbnail',
};

/** Generic types that duplicate a Twitch type map onto it (the coach may suggest either). */
export const genericToTwitch: Record<string, string> = {
  twitch_emote: 'emote',
  twitch_badge: 'badge',
  twitch_banner: 'banner',
  overlay: 'overlay',
  youtube_thumbnail: 'youtube_thumbnail',
};

export function creatableTypes(dimensions: Dimensions): CreatableType[] {
  const twitch = dimensions.assetTypes.map<CreatableType>((item) => ({
    key: item.twitchAssetType,
    endpoint: 'twitch',
    assetType: item.twitchAssetType,
    name: item.name,
    description: item.description,
    sizes: item.sizes,
    transparent: item.transparent,
    group: groups[item.twitchAssetType] ?? 'Stream scenes',
    coachType: coachTypes[item.twitchAssetType] ?? 'overlay',
  }));
  const youtube = dimensions.genericAssetTypes
    .filter((item) => item.assetType === 'youtube_thumbnail')
    .map<CreatableType>((item) => ({
      key: 'youtube_thumbnail',
      endpoint: 'generic',
      assetType: 'youtube_thumbnail',
      name: item.name,
      description: item.description,
      sizes: item.sizes,
      transparent: item.transparent,
      group: 'Video',
      coachType: 'youtube_thumbnail',
    }));
  return [...twitch, ...youtube];
}

export function sizeSummary(sizes: AssetDimensions['sizes']): string {
  if (sizes.length === 0) {
    return '';
  }
  const squares = sizes.every((size) => size.width === size.height);
  return squares
    ? `${sizes.map((size) => size.width).join(' · ')} px`
    : sizes.map((size) => `${size.width}×${size.height}`).join(' · ');
}
