/**
 * What the chat bot feature needs from other features, as narrow interfaces; `port-adapters.ts`
 * builds them from those features' services and APIs.
 */
import type { IdeaAssetType, SubscriptionTier } from '@aurastream/contract';
import type { IdeasApi } from '../ideas/ideas.api';
import type { UserId } from '../users/user.repository';

/** Channels: which streamer connected a Twitch channel, and back. */
export interface ChatBotChannels {
  ownerOfChannel(twitchChannelId: string): Promise<UserId | null>;
  channelOf(ownerId: UserId): Promise<{ id: string; login: string | null } | null>;
}

/** The ideas API's chat half: the bot's commands are a call each. */
export type ChatIdeas = Pick<IdeasApi, 'submitAsViewer' | 'vote' | 'moderate' | 'listForChannel'>;

/** Generation on the streamer's quota, tier and active brand kit (`!aura make`, `!aura go`). */
export interface ChatGeneration {
  make(owner: UserId, assetType: IdeaAssetType, prompt: string): Promise<{ job_id: string }>;
}

/** The Prompt Coach: the LLM coach on plans that include it, the rule-based one otherwise. */
export interface ChatPromptCoach {
  suggest(owner: UserId, assetType: IdeaAssetType, text: string): Promise<string>;
}

/** Generation's news of a job's end, with its assets. */
export interface ChatJobFeed {
  listen(
    ended: (job: {
      job_id: string;
      owner: UserId;
      status: 'completed' | 'failed' | 'cancelled';
      /** Read only for the jobs a chat command started. */
      assetIds(): Promise<string[]>;
    }) => Promise<void>,
  ): () => void;
}

/** The streamer's plan, for the coach. */
export interface ChatStreamers {
  tierOf(owner: UserId): Promise<SubscriptionTier | null>;
}
