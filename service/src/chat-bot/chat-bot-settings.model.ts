import { Schema, type Connection, type Model } from 'mongoose';
import type { ChatBotAlias, ChatBotCommand, ChatBotCommandSettings } from '@aurastream/contract';
import { defineSchema, type StoredDocument } from '../db/model';

/** The `chat_bot_settings` collection: one row per streamer who changed a default. */
export interface ChatBotSettingsFields {
  user_id: string;
  /** The Twitch channel connected when the row was last saved: the bot's reads go by it. */
  twitch_channel_id: string | null;
  enabled: boolean;
  prefix: string;
  commands: Record<ChatBotCommand, ChatBotCommandSettings>;
  aliases: ChatBotAlias[];
  created_at: Date;
  updated_at: Date;
}

export type ChatBotSettingsDocument = StoredDocument<ChatBotSettingsFields>;

const chatBotSettingsSchema = defineSchema<ChatBotSettingsFields>(
  {
    user_id: { type: String, required: true },
    twitch_channel_id: { type: String, default: null },
    enabled: { type: Boolean, required: true },
    prefix: { type: String, required: true },
    commands: { type: Schema.Types.Mixed, required: true },
    aliases: { type: Schema.Types.Mixed, default: [] },
  },
  { collection: 'chat_bot_settings' },
);

// the dashboard's reads and writes: a streamer's settings
chatBotSettingsSchema.index({ user_id: 1 }, { unique: true });
// the bot's reads: a channel's settings by its Twitch id, and every channel with the bot on
chatBotSettingsSchema.index({ twitch_channel_id: 1, enabled: 1 });

export type ChatBotSettingsModel = Model<ChatBotSettingsDocument>;

export function registerChatBotSettingsModel(connection: Connection): ChatBotSettingsModel {
  return connection.model<ChatBotSettingsDocument>('ChatBotSettings', chatBotSettingsSchema);
}
