import type { UserId } from '../users/user.repository';
import type { IdeaCounterDocument, IdeaCounterModel } from './idea-counter.model';

/** Each channel's idea numbers: a durable counter, one atomic increment per idea. */
export class IdeaCounterRepository {
  constructor(private readonly model: IdeaCounterModel) {}

  async next(owner: UserId): Promise<number> {
    const document = await this.model
      .findOneAndUpdate({ _id: owner }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' })
      .lean<IdeaCounterDocument>();
    if (!document) {
      throw new Error('the idea counter did not answer');
    }
    return document.seq;
  }

  async deleteAllForUser(owner: UserId): Promise<void> {
    await this.model.deleteOne({ _id: owner });
  }
}
