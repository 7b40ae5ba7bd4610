import type { IdeaOrder, IdeaSource, IdeaStatus } from '@aurastream/contract';
import { insertManyUnordered } from '../db/insert-many';
import { toEntity } from '../db/model';
import type { UserId } from '../users/user.repository';
import { afterIdeaPosition, IDEA_SORTS, type IdeaPosition } from './idea-cursor';
import type { IdeaDocument, IdeaFields, IdeaModel, StoredRedemption } from './idea.model';

/** An idea as the services see it. */
export interface Idea extends Omit<IdeaFields, 'user_id'> {
  id: string;
  user_id: UserId;
}

export type NewIdea = Omit<IdeaFields, 'user_id' | 'status' | 'votes' | 'created_at' | 'updated_at'>;

export interface IdeaFilters {
  status?: IdeaStatus;
  source?: IdeaSource;
  /** One viewer's ideas (the panel's "your ideas"). */
  viewer_key?: string;
}

/** Fields a status change may set besides the status. */
export type IdeaChanges = Partial<
  Pick<IdeaFields, 'prompt' | 'moderation' | 'job_id' | 'asset_ids' | 'error_message' | 'expires_at' | 'votes'>
>;

function present(document: IdeaDocument): Idea {
  return toEntity(document) as Idea;
}

/** Raised when a viewer already has a pending idea (the partial unique index on `pending_key`). */
export class PendingIdeaExistsError extends Error {
  override readonly name = 'PendingIdeaExistsError';
}

/**
 * The `ideas` collection. Every method takes the channel's owner and puts it in the query, except
 * the maintenance reads that say so in their names. Status changes are conditional on the statuses
 * an idea may leave, so two moderators, a job's end and the sweep can never both win.
 */
export class IdeaRepository {
  constructor(private readonly model: IdeaModel) {}

  /**
   * Creates ideas in one unordered write; each answers its idea, or a PendingIdeaExistsError when
   * its viewer already has a pending one. An idea of a redemption that already has one answers that
   * one (the redemption was handled before), so a retried batch makes no second idea.
   */
  async createMany(owner: UserId, ideas: readonly NewIdea[]): Promise<Array<Idea | PendingIdeaExistsError>> {
    const { documents, duplicates: refused } = await insertManyUnordered<IdeaDocument>(
      this.model,
      ideas.map((idea) => ({ ...idea, user_id: owner })),
    );
    const redemptionIds = ideas.flatMap((idea, index) =>
      refused.has(index) && idea.redemption ? [idea.redemption.redemption_id] : [],
    );
    const existing =
      redemptionIds.length === 0 ? new Map<string, Idea>() : await this.findByRedemptions(owner, redemptionIds);
    return documents.map((document, index) => {
      if (!refused.has(index)) {
        return present(document);
      }
      const before = existing.get(ideas[index]!.redemption?.redemption_id ?? '');
      if (before) {
        return before;
      }
      if (ideas[index]!.pending_key !== null) {
        return new PendingIdeaExistsError('the viewer already has a pending idea');
      }
      throw new Error(`idea #${ideas[index]!.number} could not be stored: its number is taken`);
    });
  }

  /** The ideas channel-point redemptions became, by Twitch's redemption id. */
  async findByRedemptions(owner: UserId, redemptionIds: readonly string[]): Promise<Map<string, Idea>> {
    // the redemption id's own (partial, unique) index: the owner's ideas may be many
    const documents = await this.model
      .find({ user_id: owner, 'redemption.redemption_id': { $in: redemptionIds } })
      .hint({ 'redemption.redemption_id': 1 })
      .lean<IdeaDocument[]>();
    return new Map(documents.map((document) => [document.redemption!.redemption_id, present(document)]));
  }

  /** The viewers' pending ideas in the channel, by viewer key. */
  async findPendingOfMany(owner: UserId, viewerKeys: readonly string[]): Promise<Map<string, Idea>> {
    const documents = await this.model
      .find({ user_id: owner, viewer_key: { $in: viewerKeys }, status: 'pending' })
      .lean<IdeaDocument[]>();
    return new Map(documents.map((document) => [document.viewer_key, present(document)]));
  }

  async findById(owner: UserId, id: string): Promise<Idea | null> {
    const document = await this.model.findOne({ _id: id, user_id: owner }).lean<IdeaDocument>();
    return document ? present(document) : null;
  }

  async findByNumber(owner: UserId, number: number): Promise<Idea | null> {
    const document = await this.model.findOne({ user_id: owner, number }).lean<IdeaDocument>();
    return document ? present(document) : null;
  }

  /** The viewer's pending idea in the channel, if any. */
  async findPendingOf(owner: UserId, viewerKey: string): Promise<Idea | null> {
    const document = await this.model
      .findOne({ user_id: owner, viewer_key: viewerKey, status: 'pending' })
      .lean<IdeaDocument>();
    return document ? present(document) : null;
  }

  async list(
    owner: UserId,
    filters: IdeaFilters,
    order: IdeaOrder,
    limit: number,
    after: IdeaPosition | null,
  ): Promise<Idea[]> {
    const query: Record<string, unknown> = { user_id: owner };
    for (const [field, value] of Object.entries(filters)) {
      if (value !== undefined) {
        query[field] = value;
      }
    }
    const documents = await this.model
      .find(after ? { ...query, ...afterIdeaPosition(after) } : query)
      .sort(IDEA_SORTS[order])
      .limit(limit)
      .lean<IdeaDocument[]>();
    return documents.map(present);
  }

  /**
   * Moves an idea from one of `from` to `to` with `changes`; null when it was in none of them (or
   * is not the owner's). Moving on past `approved` frees the viewer's pending slot.
   */
  async transition(
    owner: UserId,
    id: string,
    from: readonly IdeaStatus[],
    to: IdeaStatus,
    changes: IdeaChanges = {},
  ): Promise<Idea | null> {
    const set: Record<string, unknown> = { ...changes, status: to };
    // an approved idea keeps the viewer's slot until its job is queued: it may go back to the queue
    if (to !== 'pending' && to !== 'approved') {
      set.pending_key = null;
    }
    const document = await this.model
      .findOneAndUpdate(
        { _id: id, user_id: owner, status: { $in: [...from] } },
        { $set: set },
        { returnDocument: 'after' },
      )
      .lean<IdeaDocument>();
    return document ? present(document) : null;
  }

  /** Records the coach's suggestion; an LLM's never gives way to the offline one written later. */
  async setSuggestedPrompt(owner: UserId, id: string, prompt: string, source: 'offline' | 'llm'): Promise<void> {
    const filter: Record<string, unknown> =
      source === 'llm'
        ? { _id: id, user_id: owner }
        : { _id: id, user_id: owner, suggested_prompt_source: { $ne: 'llm' } };
    await this.model.updateOne(filter, { $set: { suggested_prompt: prompt, suggested_prompt_source: source } });
  }

  /** Sets vote counts (absolute values from the exact count in Redis, so a replay changes nothing). */
  async setVotes(owner: UserId, counts: ReadonlyArray<{ idea_id: string; votes: number }>): Promise<void> {
    if (counts.length === 0) {
      return;
    }
    await this.model.bulkWrite(
      counts.map((count) => ({
        updateOne: { filter: { _id: count.idea_id, user_id: owner }, update: { $set: { votes: count.votes } } },
      })),
      { ordered: false },
    );
  }

  async setRedemptionStatus(owner: UserId, id: string, status: StoredRedemption['status']): Promise<Idea | null> {
    const document = await this.model
      .findOneAndUpdate(
        { _id: id, user_id: owner, redemption: { $ne: null } },
        { $set: { 'redemption.status': status } },
        { returnDocument: 'after' },
      )
      .lean<IdeaDocument>();
    return document ? present(document) : null;
  }

  /** Maintenance, across channels: pending ideas whose expiry has passed, oldest expiry first. */
  async listExpiredForMaintenance(now: Date, limit: number): Promise<Idea[]> {
    const documents = await this.model
      .find({ status: 'pending', expires_at: { $lte: now } })
      .sort({ expires_at: 1 })
      .limit(limit)
      .lean<IdeaDocument[]>();
    return documents.map(present);
  }

  /** Maintenance, across channels: ideas in `statuses` not changed since `before`, oldest first. */
  async listStaleForMaintenance(statuses: readonly IdeaStatus[], before: Date, limit: number): Promise<Idea[]> {
    const documents = await this.model
      .find({ status: { $in: [...statuses] }, updated_at: { $lt: before } })
      .sort({ updated_at: 1 })
      .limit(limit)
      .lean<IdeaDocument[]>();
    return documents.map(present);
  }

  async delete(owner: UserId, id: string): Promise<boolean> {
    const result = await this.model.deleteOne({ _id: id, user_id: owner });
    return result.deletedCount === 1;
  }

  async idsForUser(owner: UserId): Promise<string[]> {
    const documents = await this.model.find({ user_id: owner }, { _id: 1 }).lean<Pick<IdeaDocument, '_id'>[]>();
    return documents.map((document) => document._id);
  }

  async deleteAllForUser(owner: UserId): Promise<number> {
    const result = await this.model.deleteMany({ user_id: owner });
    return result.deletedCount;
  }
}
