import type { UserId } from '../users/user.repository';
import type { IdeaCounterDocument, IdeaCounterModel } from './idea-counter.model';

/** Each channel's idea numbers: a durable counter, one atomic increment per idea. */
export class IdeaCounterRepository {
  constructor(private readonly model: IdeaCounterModel) {}

  async next(owner: UserId): Promise<number> {
    return this.reserve(owner, 1);
  }

  /** Reserves `count` consecutive numbers in one increment; answers the first. */
  async reserve(owner: UserId, count: number): Promise<number> {
    const document = await this.model
      .findOneAndUpdate({ _id: owner }, { $inc: { seq: count } }, { upsert: true, returnDocument: 'after' })
      .lean<IdeaCounterDocument>();
    if (!document) {
      throw new Error('the idea counter did not answer');
    }
    return document.seq - count + 1;
  }

  async deleteAllForUser(owner: UserId): Promise<void> {
    await this.model.deleteOne({ _id: owner });
  }
}
