import { avatarDataUrl } from './world/avatar';
import type { BroadcasterType } from './world/types';
import type { FakeWorld } from './world/world';

/** The accounts a fresh fake starts with, for a person trying AuraStream without Twitch. */
export const seededLogins = {
  /** An affiliate: channel points work. */
  affiliate: 'neonfox',
  /** A streamer without channel points (neither affiliate nor partner): rewards answer 403. */
  nonAffiliate: 'pebblecast',
  moderator: 'pixelpal',
  vip: 'starling',
  subscriber: 'subsonic',
  viewer: 'lurkerlou',
  /** An account for AuraStream's chat bot. */
  bot: 'aurastreambot',
} as const;

/** Adds the seeded streamers and viewers (with their roles in neonfox's channel) to an empty world. */
export function seedWorld(world: FakeWorld): boolean {
  if (world.users.size > 0) {
    return false;
  }
  const add = (login: string, display_name: string, broadcaster_type: BroadcasterType) =>
    world.addUser({ login, display_name, broadcaster_type, profile_image_url: avatarDataUrl(login) });
  world.addGame({ id: '509658', name: 'Just Chatting' });
  world.addGame({ id: '27471', name: 'Minecraft' });
  const neonfox = add(seededLogins.affiliate, 'NeonFox', 'affiliate');
  world.setChannel(neonfox.id, { title: 'Making emotes with chat', game_id: '509658', game_name: 'Just Chatting' });
  const pebble = add(seededLogins.nonAffiliate, 'PebbleCast', '');
  world.setChannel(pebble.id, { title: 'Cozy builds', game_id: '27471', game_name: 'Minecraft' });
  const mod = add(seededLogins.moderator, 'PixelPal', '');
  const vip = add(seededLogins.vip, 'Starling', '');
  const sub = add(seededLogins.subscriber, 'SubSonic', '');
  add(seededLogins.viewer, 'LurkerLou', '');
  add(seededLogins.bot, 'AuraStreamBot', '');
  world.setRole(neonfox.id, mod.id, 'moderator', true);
  world.setRole(neonfox.id, vip.id, 'vip', true);
  world.setSubscription(neonfox.id, sub.id, '1000');
  return true;
}
