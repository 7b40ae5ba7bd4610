import { toEntity } from '../db/model';
import type { UserId } from '../users/user.repository';
import type { IdeaSettingsDocument, IdeaSettingsFields, IdeaSettingsModel } from './idea-settings.model';

/** A channel's ideas settings; `updated_at` is null while it keeps the defaults. */
export type IdeaSettings = Omit<IdeaSettingsFields, 'user_id' | 'created_at' | 'updated_at'> & {
  updated_at: Date | null;
};

/** The `idea_settings` collection: every method takes the streamer. */
export class IdeaSettingsRepository {
  constructor(private readonly model: IdeaSettingsModel) {}

  async find(owner: UserId): Promise<IdeaSettings | null> {
    const document = await this.model.findOne({ user_id: owner }).lean<IdeaSettingsDocument>();
    if (!document) {
      return null;
    }
    const { id: _id, user_id: _owner, created_at: _created, ...settings } = toEntity(document);
    return settings;
  }

  /** Stores the whole settings (the service merged a change into the current ones). */
  async save(owner: UserId, settings: Omit<IdeaSettings, 'updated_at'>): Promise<IdeaSettings> {
    const document = await this.model
      .findOneAndUpdate(
        { user_id: owner },
        { $set: settings, $setOnInsert: { user_id: owner } },
        { upsert: true, returnDocument: 'after' },
      )
      .lean<IdeaSettingsDocument>();
    if (!document) {
      throw new Error('the settings were not saved');
    }
    const { id: _id, user_id: _owner, created_at: _created, ...saved } = toEntity(document);
    return saved;
  }

  async deleteAllForUser(owner: UserId): Promise<void> {
    await this.model.deleteMany({ user_id: owner });
  }
}
