/**
 * What the ideas feature needs from other features, as narrow interfaces; `port-adapters.ts` builds
 * them from those features' services, tests may pass their own.
 */
import type { IdeaAssetType, JobOrigin, SubscriptionTier } from '@aurastream/contract';
import type { UserId } from '../users/user.repository';

/** Channels: which streamer connected a Twitch channel, and back. */
export interface IdeaChannels {
  ownerOfChannel(twitchChannelId: string): Promise<UserId | null>;
  channelOf(ownerId: UserId): Promise<string | null>;
}

/** The streamer whose quota, tier and brand kit an approved idea uses. */
export interface IdeaStreamers {
  /** Null when the account is gone. */
  requesterOf(ownerId: UserId): Promise<{ id: UserId; tier: SubscriptionTier; display_name: string } | null>;
}

/** How a generation job the ideas feature started ended; null while it runs. */
export interface IdeaJobOutcome {
  status: 'completed' | 'failed' | 'cancelled';
  asset_ids: string[];
  error_message: string | null;
}

/** Generation, for approved ideas. */
export interface IdeaGeneration {
  /** Queues the job on the streamer's quota, tier and active brand kit (throws the quota's 403). */
  start(
    requester: { id: UserId; tier: SubscriptionTier },
    request: { asset_type: IdeaAssetType; prompt: string; origin: JobOrigin },
  ): Promise<{ job_id: string }>;
  /** The job's end, if it ended; `missing` when there is no such job. */
  outcomeOf(owner: UserId, jobId: string): Promise<IdeaJobOutcome | 'running' | 'missing'>;
  /** The assets a job made. */
  assetIdsOf(owner: UserId, jobId: string): Promise<string[]>;
}

/** The Prompt Coach, turning a viewer's words into a generation-ready prompt. */
export interface IdeaPromptCoach {
  /** Whether a slower, better suggestion (the LLM coach, on the tiers that include the coach) can follow. */
  hasLlmFor(tier: SubscriptionTier): boolean;
  /** Whether an LLM coach is configured at all (if not, no streamer's tier needs looking up). */
  readonly hasLlm: boolean;
  /** The rule-based suggestion, made at once. */
  offline(assetType: IdeaAssetType, text: string): { prompt: string; source: 'offline' | 'llm' };
  suggest(
    assetType: IdeaAssetType,
    text: string,
    tier: SubscriptionTier,
  ): Promise<{ prompt: string; source: 'offline' | 'llm' }>;
}

/** A generation job making an idea, as the feed tells it. */
export interface IdeaJobNews {
  job_id: string;
  owner: UserId;
  idea_id: string;
  idea_number: number;
}

/** Generation's news of the jobs making ideas: progress, and their end. */
export interface IdeaJobFeed {
  listen(handlers: {
    progressed(job: IdeaJobNews, progress: number): void;
    ended(
      job: IdeaJobNews & { status: 'completed' | 'failed' | 'cancelled'; error_message: string | null },
    ): Promise<void>;
  }): () => void;
}
