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
  world.addGame({ id: '509658', name: 'Just Chatting' });
  world.addGame({ id: '27471', name: 'Minecraft' });
  const neonfox = world.addUser({
    login: seededLogins.affiliate,
    display_name: 'NeonFox',
    broadcaster_type: 'affiliate',
  });
  world.setChannel(neonfox.id, { title: 'Making emotes with chat', game_id: '509658', game_name: 'Just Chatting' });
  const pebble = world.addUser({ login: seededLogins.nonAffiliate, display_name: 'PebbleCast', broadcaster_type: '' });
  world.setChannel(pebble.id, { title: 'Cozy builds', game_id: '27471', game_name: 'Minecraft' });
  const mod = world.addUser({ login: seededLogins.moderator, display_name: 'PixelPal', broadcaster_type: '' });
  const vip = world.addUser({ login: seededLogins.vip, display_name: 'Starling', broadcaster_type: '' });
  const sub = world.addUser({ login: seededLogins.subscriber, display_name: 'SubSonic', broadcaster_type: '' });
  world.addUser({ login: seededLogins.viewer, display_name: 'LurkerLou', broadcaster_type: '' });
  world.addUser({ login: seededLogins.bot, display_name: 'AuraStreamBot', broadcaster_type: '' });
  world.setRole(neonfox.id, mod.id, 'moderator', true);
  world.setRole(neonfox.id, vip.id, 'vip', true);
  world.setSubscription(neonfox.id, sub.id, '1000');
  return true;
}
