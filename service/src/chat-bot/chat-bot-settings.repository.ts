import { toEntity } from '../db/model';
import type { UserId } from '../users/user.repository';
import type { ChatBotSettingsDocument, ChatBotSettingsFields, ChatBotSettingsModel } from './chat-bot-settings.model';

/** A channel's stored bot settings; `updated_at` is null while it keeps the defaults. */
export type StoredChatBotSettings = Omit<ChatBotSettingsFields, 'user_id' | 'created_at' | 'updated_at'> & {
  user_id: UserId;
  updated_at: Date | null;
};

function fromDocument(document: ChatBotSettingsDocument): StoredChatBotSettings {
  const { id: _id, created_at: _created, ...settings } = toEntity(document);
  return { ...settings, user_id: settings.user_id as UserId };
}

/**
 * The `chat_bot_settings` collection. The dashboard's methods take the streamer; the bot's
 * (`ForBot`) go by Twitch channel id, across streamers, as the bot knows only channels.
 */
export class ChatBotSettingsRepository {
  constructor(private readonly model: ChatBotSettingsModel) {}

  async find(owner: UserId): Promise<StoredChatBotSettings | null> {
    const document = await this.model.findOne({ user_id: owner }).lean<ChatBotSettingsDocument>();
    return document ? fromDocument(document) : null;
  }

  /** Stores the whole settings (the service merged a change into the current ones). */
  async save(
    owner: UserId,
    settings: Omit<StoredChatBotSettings, 'user_id' | 'updated_at'>,
  ): Promise<StoredChatBotSettings> {
    const document = await this.model
      .findOneAndUpdate(
        { user_id: owner },
        { $set: settings, $setOnInsert: { user_id: owner } },
        { upsert: true, returnDocument: 'after' },
      )
      .lean<ChatBotSettingsDocument>();
    if (!document) {
      throw new Error('the chat bot settings were not saved');
    }
    return fromDocument(document);
  }

  /** The settings of the streamers whose saved channel is this one (normally one). */
  async findByChannelForBot(twitchChannelId: string): Promise<StoredChatBotSettings[]> {
    const documents = await this.model.find({ twitch_channel_id: twitchChannelId }).lean<ChatBotSettingsDocument[]>();
    return documents.map(fromDocument);
  }

  /** Every channel with the bot on. */
  async listEnabledForBot(): Promise<StoredChatBotSettings[]> {
    const documents = await this.model
      .find({ enabled: true, twitch_channel_id: { $ne: null } })
      .lean<ChatBotSettingsDocument[]>();
    return documents.map(fromDocument);
  }

  async deleteAllForUser(owner: UserId): Promise<void> {
    await this.model.deleteMany({ user_id: owner });
  }
}
