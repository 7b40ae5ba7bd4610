import { randomUUID } from 'node:crypto';
import type { UserId } from '../users/user.repository';
import type { IdeaVoteModel } from './idea-vote.model';

/** A vote as it is persisted. */
export interface IdeaVoteRow {
  idea_id: string;
  voter_key: string;
  created_at: Date;
}

function isOnlyDuplicateKeyErrors(error: unknown): boolean {
  const writeErrors = (error as { writeErrors?: Array<{ code?: number; err?: { code?: number } }> }).writeErrors;
  return (
    Array.isArray(writeErrors) &&
    writeErrors.length > 0 &&
    writeErrors.every((item) => (item.code ?? item.err?.code) === 11000)
  );
}

/** The `idea_votes` collection: every method takes the channel's owner. */
export class IdeaVoteRepository {
  constructor(private readonly model: IdeaVoteModel) {}

  /**
   * Writes votes, skipping any already there (a batch written twice changes nothing). The rows are
   * the vote counter's own, typed and complete, so they go to the driver as they are (`lean`): a
   * mongoose document built and validated for each of a live channel's votes cost more than its write.
   */
  async insertMany(owner: UserId, votes: readonly IdeaVoteRow[]): Promise<void> {
    if (votes.length === 0) {
      return;
    }
    try {
      await this.model.insertMany(
        votes.map((vote) => ({
          _id: randomUUID(),
          user_id: owner,
          idea_id: vote.idea_id,
          voter_key: vote.voter_key,
          created_at: vote.created_at,
        })),
        { ordered: false, lean: true },
      );
    } catch (error) {
      if (!isOnlyDuplicateKeyErrors(error)) {
        throw error;
      }
    }
  }

  async countForIdea(owner: UserId, ideaId: string): Promise<number> {
    return this.model.countDocuments({ user_id: owner, idea_id: ideaId });
  }

  async deleteForIdea(owner: UserId, ideaId: string): Promise<void> {
    await this.model.deleteMany({ user_id: owner, idea_id: ideaId });
  }

  async deleteAllForUser(owner: UserId): Promise<void> {
    await this.model.deleteMany({ user_id: owner });
  }
}
