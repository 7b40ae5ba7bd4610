/**
 * Twitch's OAuth scopes. The authorize page refuses others (`invalid_scope`), as Twitch does, and
 * describes the ones AuraStream asks for in Twitch's words.
 */
const described: Record<string, string> = {
  'user:read:email': 'View your email address',
  'channel:read:redemptions': 'View Channel Points custom rewards and their redemptions on your channel',
  'channel:manage:redemptions': 'Manage Channel Points custom rewards and their redemptions on your channel',
  'chat:read': 'View live stream chat messages',
  'chat:edit': 'Send live stream chat messages',
  'user:read:chat': 'Receive chatroom messages and informational notifications relating to a channel’s chatroom',
  'user:write:chat': 'Send chat messages to a chatroom',
  'user:bot': 'Appear in chat as a bot',
  'channel:bot': 'Join your channel’s chatroom as a bot user, and perform chat-related actions as that user',
  'moderation:read': 'View a channel’s moderation data including Moderators, Bans, Timeouts, and Automod settings',
  'channel:read:vips': 'Read the list of VIPs in your channel',
  'channel:manage:moderators': 'Add or remove the moderator role from users in your channel',
  'channel:manage:vips': 'Add or remove the VIP role from users in your channel',
  'channel:read:subscriptions': 'View a list of all subscribers to your channel and check if a user is subscribed',
};

const others = [
  'analytics:read:extensions',
  'analytics:read:games',
  'bits:read',
  'channel:edit:commercial',
  'channel:manage:ads',
  'channel:manage:broadcast',
  'channel:manage:extensions',
  'channel:manage:guest_star',
  'channel:manage:polls',
  'channel:manage:predictions',
  'channel:manage:raids',
  'channel:manage:schedule',
  'channel:manage:videos',
  'channel:moderate',
  'channel:read:ads',
  'channel:read:charity',
  'channel:read:editors',
  'channel:read:goals',
  'channel:read:guest_star',
  'channel:read:hype_train',
  'channel:read:polls',
  'channel:read:predictions',
  'channel:read:stream_key',
  'clips:edit',
  'moderator:manage:announcements',
  'moderator:manage:automod',
  'moderator:manage:automod_settings',
  'moderator:manage:banned_users',
  'moderator:manage:blocked_terms',
  'moderator:manage:chat_messages',
  'moderator:manage:chat_settings',
  'moderator:manage:guest_star',
  'moderator:manage:shield_mode',
  'moderator:manage:shoutouts',
  'moderator:manage:unban_requests',
  'moderator:manage:warnings',
  'moderator:read:automod_settings',
  'moderator:read:banned_users',
  'moderator:read:blocked_terms',
  'moderator:read:chat_messages',
  'moderator:read:chat_settings',
  'moderator:read:chatters',
  'moderator:read:followers',
  'moderator:read:guest_star',
  'moderator:read:moderators',
  'moderator:read:shield_mode',
  'moderator:read:shoutouts',
  'moderator:read:suspicious_users',
  'moderator:read:unban_requests',
  'moderator:read:vips',
  'moderator:read:warnings',
  'user:edit',
  'user:edit:broadcast',
  'user:manage:blocked_users',
  'user:manage:chat_color',
  'user:manage:whispers',
  'user:read:blocked_users',
  'user:read:broadcast',
  'user:read:emotes',
  'user:read:follows',
  'user:read:moderated_channels',
  'user:read:subscriptions',
  'user:read:whispers',
  'whispers:read',
  'whispers:edit',
];

const known = new Set([...Object.keys(described), ...others]);

export function isKnownScope(scope: string): boolean {
  return known.has(scope);
}

/** What the authorize page says a scope lets the app do. */
export function describeScope(scope: string): string {
  return described[scope] ?? scope.replace(/[:_]/g, ' ');
}

/** `scope` as OAuth sends it: space-separated (Twitch also accepts `+`, which URL decoding turns into spaces). */
export function parseScopes(value: string | null): string[] {
  return [...new Set((value ?? '').split(/\s+/).filter(Boolean))];
}
