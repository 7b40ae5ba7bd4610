import { twitchAssetTypeOf, type AnyAssetType, type TwitchAssetType } from '@aurastream/contract/extension';
import type { ShowcaseItem } from './api';

/** How viewers meet designs: a generic type is in the group of the Twitch type it is made as. */
export type DesignGroup =
  | 'emote'
  | 'badge'
  | 'reward_icon'
  | 'panel'
  | 'banner'
  | 'thumbnail'
  | 'overlay'
  | 'alert'
  | 'scene'
  | 'schedule'
  | 'chat_box';

const groupOfType: Record<TwitchAssetType, DesignGroup> = {
  emote: 'emote',
  badge: 'badge',
  panel: 'panel',
  banner: 'banner',
  thumbnail: 'thumbnail',
  overlay: 'overlay',
  alert: 'alert',
  offline_screen: 'scene',
  starting_soon: 'scene',
  brb: 'scene',
  ending: 'scene',
  transition: 'scene',
  schedule: 'schedule',
  chat_box: 'chat_box',
  reward_icon: 'reward_icon',
};

const groupLabels: Record<DesignGroup, { one: string; many: string }> = {
  emote: { one: 'Emote', many: 'Emotes' },
  badge: { one: 'Badge', many: 'Badges' },
  panel: { one: 'Panel', many: 'Panels' },
  banner: { one: 'Banner', many: 'Banners' },
  thumbnail: { one: 'Thumbnail', many: 'Thumbnails' },
  overlay: { one: 'Overlay', many: 'Overlays' },
  alert: { one: 'Alert', many: 'Alerts' },
  scene: { one: 'Scene', many: 'Scenes' },
  schedule: { one: 'Schedule', many: 'Schedules' },
  chat_box: { one: 'Chat box', many: 'Chat boxes' },
  reward_icon: { one: 'Reward icon', many: 'Reward icons' },
};

/** What a single design is called, more precisely than its group (a scene is "Be right back"). */
const typeLabels: Partial<Record<AnyAssetType, string>> = {
  offline_screen: 'Offline screen',
  starting_soon: 'Starting soon',
  brb: 'Be right back',
  ending: 'Stream ending',
  transition: 'Transition',
};

export function groupOf(item: Pick<ShowcaseItem, 'assetType'>): DesignGroup {
  return groupOfType[twitchAssetTypeOf(item.assetType)];
}

export function groupLabel(group: DesignGroup, count = 2): string {
  return count === 1 ? groupLabels[group].one : groupLabels[group].many;
}

export function designLabel(item: Pick<ShowcaseItem, 'assetType'>): string {
  return typeLabels[item.assetType] ?? groupLabels[groupOf(item)].one;
}

/** Chat-sized designs show as small square tiles; everything else as wide cards. */
export function isChatSized(group: DesignGroup): boolean {
  return group === 'emote' || group === 'badge' || group === 'reward_icon';
}

export interface DesignSection {
  group: DesignGroup;
  items: ShowcaseItem[];
}

/** Designs by group, the group with the newest design first; each group newest first. */
export function sectionsOf(items: readonly ShowcaseItem[]): DesignSection[] {
  const sections = new Map<DesignGroup, ShowcaseItem[]>();
  for (const item of items) {
    const group = groupOf(item);
    const section = sections.get(group);
    if (section) {
      section.push(item);
    } else {
      sections.set(group, [item]);
    }
  }
  return [...sections].map(([group, sectionItems]) => ({ group, items: sectionItems }));
}
