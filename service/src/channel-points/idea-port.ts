/**
 * The seam between channel points and the ideas feature (issue 15; live-core.md). The ideas
 * feature's `service/src/ideas/idea-intake.ts` satisfies these shapes; channel points codes against
 * them here, and the container passes the ideas feature's intake and registers `redemptionOutcomes`
 * as one of its `IdeaOutcomeListener`s, so neither feature imports the other.
 */

/** Viewer badges as Twitch reports them. */
export interface ViewerBadges {
  broadcaster: boolean;
  moderator: boolean;
  vip: boolean;
  subscriber: boolean;
}

/** A viewer as the source knows them. */
export interface IdeaViewer {
  /** null for a panel viewer who did not share identity. */
  twitchUserId: string | null;
  displayName: string | null;
  /** Extension opaque id (U…/A…). */
  opaqueId: string | null;
  badges: ViewerBadges;
}

/** The asset types an idea may ask for (the ideas feature's `IdeaAssetType`; default `emote`). */
export type IdeaAssetType = string;

export interface IdeaSubmission {
  source: 'chat' | 'panel' | 'channel_points';
  text: string;
  assetType?: IdeaAssetType;
  viewer: IdeaViewer;
  /**
   * For channel_points: Twitch's ids, so rejecting refunds and readiness fulfils. `firstAttempt`:
   * the redemption's record was made by this attempt, so no earlier attempt can have submitted it
   * (the ideas feature then does not look for an idea it made before).
   */
  redemption?: { rewardId: string; redemptionId: string; firstAttempt?: boolean } | null;
}

/** What channel points reads of an idea (the ideas feature's `Idea` has these and more). */
export interface IdeaLike {
  id: string;
  redemption: { reward_id: string; redemption_id: string; status?: string } | null;
}

export interface IdeaIntake {
  /**
   * Submits on behalf of the channel whose Twitch id is given, several at once, in order: each
   * answers its idea, or its refusal as a typed 4xx error (AppError, status 400–499, a reason
   * `code` such as `idea_blocked_term`), or any other error when it could not be decided; throws
   * when nothing could be decided. Undecided ones are retried.
   */
  submitManyForChannel(
    twitchChannelId: string,
    submissions: readonly IdeaSubmission[],
  ): Promise<Array<{ idea: IdeaLike } | { error: unknown }>>;
  /** Records on the idea the status Twitch now has for its redemption (shown to the streamer). */
  recordRedemptionStatus?(
    twitchChannelId: string,
    ideaId: string,
    status: 'UNFULFILLED' | 'FULFILLED' | 'CANCELED',
  ): Promise<unknown>;
}

/** What the ideas feature tells others when an idea's fate is decided (in the worker process). */
export interface IdeaOutcomeListener {
  onRejected?(idea: IdeaLike): Promise<void>;
  onReady?(idea: IdeaLike): Promise<void>;
  onFailed?(idea: IdeaLike): Promise<void>;
  onExpired?(idea: IdeaLike): Promise<void>;
}

/** A refusal channel points recognises besides the ideas feature's 4xx errors. */
export class IdeaRefusedAtIntake extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'IdeaRefusedAtIntake';
  }
}
