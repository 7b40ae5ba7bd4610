import { GENERIC_TO_TWITCH, type AssetType, type CoachAssetType, type TwitchAssetType } from '@aurastream/contract';
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
  reward_icon: 'Chat',
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

/**
 * The types the page offers: every Twitch type, and the generic types that are more than a copy of
 * the Twitch type they are made as (a YouTube thumbnail has YouTube's limits and a name of its own).
 */
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
  const twitchNames = new Map(dimensions.assetTypes.map((item) => [item.twitchAssetType, item.name]));
  const generic = dimensions.genericAssetTypes
    .filter((item) => item.name !== twitchNames.get(item.twitchAssetType))
    .map<CreatableType>((item) => ({
      key: item.assetType,
      endpoint: 'generic',
      assetType: item.assetType,
      name: item.name,
      description: item.description,
      sizes: item.sizes,
      transparent: item.transparent,
      group: groups[item.twitchAssetType] ?? 'Stream scenes',
      coachType: coachTypes[item.assetType] ?? coachTypes[item.twitchAssetType] ?? 'overlay',
    }));
  return [...twitch, ...generic];
}

/**
 * The offered type a key names: itself, else the Twitch type a generic type is made as (the coach
 * may suggest either), else the first one.
 */
export function creatableTypeFor(types: readonly CreatableType[], key: string): CreatableType | null {
  const twitchKey = Object.hasOwn(GENERIC_TO_TWITCH, key) ? GENERIC_TO_TWITCH[key as AssetType] : null;
  return types.find((type) => type.key === key) ?? types.find((type) => type.key === twitchKey) ?? types[0] ?? null;
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
