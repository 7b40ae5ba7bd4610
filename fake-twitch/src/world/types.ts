/** Twitch's account types for channel features: channel points exist only for affiliates and partners. */
export type BroadcasterType = '' | 'affiliate' | 'partner';

/** A Twitch account as Helix `GET /users` shows it. */
export interface FakeTwitchUser {
  id: string;
  login: string;
  display_name: string;
  type: string;
  broadcaster_type: BroadcasterType;
  description: string;
  profile_image_url: string;
  offline_image_url: string;
  view_count: number;
  /** Returned only to a token of this user with `user:read:email`; null: the account has none. */
  email: string | null;
  /**
   * Whether the user confirmed the address at Twitch. Helix returns only a verified address (Twitch's
   * Get Users reference: "the user's verified email address"), so an unverified one is left out.
   */
  email_verified: boolean;
  created_at: string;
}

/** Helix `GET /channels`. */
export interface FakeTwitchChannel {
  broadcaster_id: string;
  broadcaster_login: string;
  broadcaster_name: string;
  broadcaster_language: string;
  game_id: string;
  game_name: string;
  title: string;
  delay: number;
  tags: string[];
  content_classification_labels: string[];
  is_branded_content: boolean;
}

/** Helix `GET /streams`. */
export interface FakeTwitchStream {
  id: string;
  user_id: string;
  user_login: string;
  user_name: string;
  game_id: string;
  game_name: string;
  type: 'live';
  title: string;
  tags: string[];
  viewer_count: number;
  started_at: string;
  language: string;
  thumbnail_url: string;
  tag_ids: string[];
  is_mature: boolean;
}

/** Helix `GET /games`. */
export interface FakeTwitchGame {
  id: string;
  name: string;
  box_art_url: string;
  igdb_id: string;
}

/** A viewer's standing in one channel: what chat badges and the moderator/VIP endpoints show. */
export interface FakeChannelRoles {
  moderators: string[];
  vips: string[];
  /** user id → subscription tier (`1000`, `2000`, `3000`). */
  subscribers: Record<string, SubscriptionTier>;
}

export type SubscriptionTier = '1000' | '2000' | '3000';

/** Who a user is in a channel, from the most to the least privileged. */
export type ChannelRole = 'broadcaster' | 'moderator' | 'vip' | 'subscriber' | 'viewer';
