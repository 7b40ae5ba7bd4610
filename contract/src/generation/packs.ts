import { twitchAssetTypeSchema, type PackType, type TwitchAssetType } from '../assets/asset-enums';

/**
 * What each pack holds, in the order its items are made. `starter` is what a new channel needs to
 * look finished (chat identity and channel page); `pro` adds the on-stream scenes and alerts;
 * `complete` is every Twitch type.
 */
const starterPack: readonly TwitchAssetType[] = ['emote', 'badge', 'panel', 'banner', 'offline_screen'];

/** The spec's 14 types; the reward icon is made with the channel-point reward, not in packs. */
const completePack: readonly TwitchAssetType[] = twitchAssetTypeSchema.options.filter((type) => type !== 'reward_icon');

export const PACK_CONTENTS: Readonly<Record<PackType, readonly TwitchAssetType[]>> = {
  starter: starterPack,
  pro: [...starterPack, 'overlay', 'alert', 'starting_soon', 'brb', 'ending'],
  complete: completePack,
};

/** What each pack is for, in a sentence that names what it adds to the smaller one. */
export const PACK_DESCRIPTIONS: Readonly<Record<PackType, string>> = {
  starter: 'The essentials to launch: emote, badge, panel, banner, offline screen.',
  pro: 'Starter plus overlay, alert, starting soon, BRB and ending scenes.',
  complete: `All ${completePack.length} Twitch asset types. Rebrand in one click.`,
};
