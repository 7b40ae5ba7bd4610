import { insertManyUnordered } from '../db/insert-many';
import { driverCollection, toEntity } from '../db/model';
import type { UserId } from '../users/user.repository';
import type { RedemptionDocument, RedemptionFields, RedemptionModel, TwitchRedemptionStatus } from './redemption.model';

export interface Redemption extends Omit<RedemptionFields, 'user_id'> {
  id: string;
  user_id: UserId;
}

export type NewRedemption = Pick<
  RedemptionFields,
  | 'twitch_broadcaster_id'
  | 'twitch_reward_id'
  | 'twitch_redemption_id'
  | 'viewer_id'
  | 'viewer_login'
  | 'viewer_name'
  | 'user_input'
  | 'redeemed_at'
>;

/** A redemption as `recordMany` answers it: the stored record, and whether that write made it. */
export interface RecordedRedemption {
  redemption: Redemption;
  recordedNow: boolean;
}

function present(document: (RedemptionFields & { _id: string }) | null): Redemption | null {
  return document ? (toEntity(document) as Redemption) : null;
}

/** `channel_point_redemptions`, scoped to the streamer who owns the reward. */
export class RedemptionRepository {
  constructor(private readonly model: RedemptionModel) {}

  /** Stores a redemption once (Twitch's id is unique) and answers the stored record. */
  async record(owner: UserId, redemption: NewRedemption): Promise<Redemption> {
    const document = await this.model
      .findOneAndUpdate(
        { user_id: owner, twitch_redemption_id: redemption.twitch_redemption_id },
        { $setOnInsert: { user_id: owner, ...redemption } },
        { upsert: true, returnDocument: 'after', runValidators: true },
      )
      .lean();
    return present(document) as Redemption;
  }

  /**
   * Stores redemptions once each, in one unordered write, and answers the stored records in the
   * order given, each with whether this write made it (a redemption stored before answers its
   * record as it is, `recordedNow: false`; one another channel owns answers null).
   */
  async recordMany(owner: UserId, redemptions: readonly NewRedemption[]): Promise<Array<RecordedRedemption | null>> {
    const { documents, duplicates: refused } = await insertManyUnordered<RedemptionDocument>(
      this.model,
      redemptions.map((redemption) => ({ ...redemption, user_id: owner })),
    );
    const earlierIds = redemptions.flatMap((redemption, index) =>
      refused.has(index) ? [redemption.twitch_redemption_id] : [],
    );
    const earlier = new Map(
      earlierIds.length === 0
        ? []
        : (await this.model.find({ user_id: owner, twitch_redemption_id: { $in: earlierIds } }).lean()).map(
            (document) => [document.twitch_redemption_id, present(document)] as const,
          ),
    );
    return documents.map((document, index) => {
      if (!refused.has(index)) {
        return { redemption: present(document) as Redemption, recordedNow: true };
      }
      const before = earlier.get(document.twitch_redemption_id);
      return before ? { redemption: before, recordedNow: false } : null;
    });
  }

  async find(owner: UserId, id: string): Promise<Redemption | null> {
    return present(await this.model.findOne({ _id: id, user_id: owner }).lean());
  }

  async findByTwitchId(owner: UserId, twitchRedemptionId: string): Promise<Redemption | null> {
    return present(await this.model.findOne({ user_id: owner, twitch_redemption_id: twitchRedemptionId }).lean());
  }

  /**
   * A redemption by Twitch's id (unique across channels), for the ideas feature's outcomes, which
   * name the redemption and not its owner; `ForIdeaOutcome` says so.
   */
  async findByTwitchIdForIdeaOutcome(twitchRedemptionId: string): Promise<Redemption | null> {
    return present(await this.model.findOne({ twitch_redemption_id: twitchRedemptionId }).lean());
  }

  /** The idea a redemption became (from `received` only: done once). */
  async markSubmitted(owner: UserId, id: string, ideaId: string): Promise<void> {
    await this.model.updateOne(
      { _id: id, user_id: owner, stage: 'received' },
      { $set: { stage: 'submitted', idea_id: ideaId } },
    );
  }

  /**
   * The ideas redemptions became, in one write (each from `received` only: done once). The
   * statements are the driver's, not cast by mongoose one by one: every value is a string the
   * intake already holds, and `updated_at` is set here as mongoose's timestamps would.
   */
  async markSubmittedMany(owner: UserId, submitted: ReadonlyArray<{ id: string; ideaId: string }>): Promise<void> {
    if (submitted.length === 0) {
      return;
    }
    const now = new Date();
    await driverCollection(this.model).bulkWrite(
      submitted.map(({ id, ideaId }) => ({
        updateOne: {
          filter: { _id: id, user_id: owner, stage: 'received' as const },
          update: { $set: { stage: 'submitted' as const, idea_id: ideaId, updated_at: now } },
        },
      })),
      { ordered: false },
    );
  }

  /** Refused at intake: refunded (CANCELED wanted). */
  async markRefused(owner: UserId, id: string, reason: string): Promise<void> {
    await this.model.updateOne(
      { _id: id, user_id: owner, stage: 'received' },
      { $set: { stage: 'refused', refusal_reason: reason, wanted_status: 'CANCELED' } },
    );
  }

  /** Asks for a status at Twitch, unless Twitch already has a final one; whether it was set. */
  async want(owner: UserId, id: string, status: 'FULFILLED' | 'CANCELED'): Promise<boolean> {
    const result = await this.model.updateOne(
      { _id: id, user_id: owner, twitch_status: 'UNFULFILLED' },
      { $set: { wanted_status: status } },
    );
    return result.matchedCount === 1;
  }

  async startStatusAttempt(owner: UserId, id: string): Promise<Redemption | null> {
    return present(
      await this.model
        .findOneAndUpdate(
          { _id: id, user_id: owner, wanted_status: { $ne: null } },
          { $inc: { status_attempts: 1 } },
          { returnDocument: 'after' },
        )
        .lean(),
    );
  }

  /** Twitch has the status now (or had a final one already). */
  async settleStatus(owner: UserId, id: string, status: TwitchRedemptionStatus): Promise<void> {
    await this.model.updateOne(
      { _id: id, user_id: owner },
      { $set: { twitch_status: status, wanted_status: null, last_error: null } },
    );
  }

  async recordStatusError(owner: UserId, id: string, error: string): Promise<void> {
    await this.model.updateOne({ _id: id, user_id: owner }, { $set: { last_error: error } });
  }

  async deleteAllForUser(owner: UserId): Promise<void> {
    await this.model.deleteMany({ user_id: owner });
  }
}
