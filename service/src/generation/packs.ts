import type { PackType, TwitchAssetType } from '../contract/asset-enums';

/**
 * What each pack holds, in the order its items are made. `starter` is what a new channel needs to
 * look finished (chat identity and channel page); `pro` adds the on-stream scenes and alerts;
 * `complete` is every Twitch type.
 */
export const PACK_CONTENTS: Readonly<Record<PackType, readonly TwitchAssetType[]>> = {
  starter: ['emote', 'badge', 'panel', 'banner', 'offline_screen'],
  pro: ['emote', 'badge', 'panel', 'banner', 'offline_screen', 'overlay', 'alert', 'starting_soon', 'brb', 'ending'],
  complete: [
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
  ],
};
