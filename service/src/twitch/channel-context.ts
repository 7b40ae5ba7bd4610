import type { UserId } from '../users/user.repository';

/** What Twitch says about a streamer's channel right now (from Helix). */
export interface TwitchChannelContext {
  broadcaster_id: string;
  broadcaster_login: string;
  broadcaster_name: string;
  title: string;
  category_id: string | null;
  category_name: string | null;
  tags: string[];
  is_live: boolean;
}

/** A live stream in a category (Helix `GET /streams?game_id=`). */
export interface TwitchStreamSummary {
  user_name: string;
  title: string;
  viewer_count: number;
  tags: string[];
}

/**
 * Twitch context for features that personalise their output (generation's `platform_context`, the
 * coach's grounding). Answers null when the user has not connected Twitch or Twitch is unreachable:
 * callers carry on without it.
 */
export interface TwitchContextProvider {
  getChannelContext(userId: UserId): Promise<TwitchChannelContext | null>;
  getTopStreams(userId: UserId, categoryId: string, limit: number): Promise<TwitchStreamSummary[]>;
}
