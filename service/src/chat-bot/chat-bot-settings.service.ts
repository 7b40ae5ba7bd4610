import {
  DEFAULT_CHAT_BOT_COMMANDS,
  DEFAULT_CHAT_BOT_PREFIX,
  type ChatBotAlias,
  type ChatBotCommand,
  type ChatBotCommandSettings,
  type UpdateChatBotSettingsBody,
} from '@aurastream/contract';
import type { UserId } from '../users/user.repository';
import type { ChatBotSettingsRepository, StoredChatBotSettings } from './chat-bot-settings.repository';
import type { ChannelSwitchFeed } from './channel-switch-feed';

/** A channel's bot settings with every default filled in. */
export interface ChatBotSettings {
  enabled: boolean;
  prefix: string;
  commands: Record<ChatBotCommand, ChatBotCommandSettings>;
  aliases: ChatBotAlias[];
  updated_at: Date | null;
}

export const DEFAULT_CHAT_BOT_SETTINGS: ChatBotSettings = {
  enabled: false,
  prefix: DEFAULT_CHAT_BOT_PREFIX,
  commands: DEFAULT_CHAT_BOT_COMMANDS,
  aliases: [],
  updated_at: null,
};

function resolved(stored: StoredChatBotSettings | null): ChatBotSettings {
  if (!stored) {
    return DEFAULT_CHAT_BOT_SETTINGS;
  }
  const commands = { ...DEFAULT_CHAT_BOT_COMMANDS };
  for (const name of Object.keys(commands) as ChatBotCommand[]) {
    commands[name] = { ...DEFAULT_CHAT_BOT_COMMANDS[name], ...stored.commands[name] };
  }
  return {
    enabled: stored.enabled,
    prefix: stored.prefix,
    commands,
    aliases: stored.aliases,
    updated_at: stored.updated_at,
  };
}

/**
 * Streamers' bot settings, and the per-channel switch the bot's service credential follows
 * (`isBotEnabled`, current on every request: a change bumps the channel's cache scope before it
 * returns). A change of the switch is published so every bot process joins or leaves the channel
 * at once.
 */
export class ChatBotSettingsService {
  constructor(
    private readonly deps: {
      repository: ChatBotSettingsRepository;
      switches: ChannelSwitchFeed;
      /** Told after the settings serving these channels changed (the bot's channel cache). */
      changed(twitchChannelIds: string[]): Promise<void>;
    },
  ) {}

  async get(owner: UserId): Promise<ChatBotSettings> {
    return resolved(await this.deps.repository.find(owner));
  }

  /** Merges the change into the current settings; `channelId` is the streamer's Twitch channel now. */
  async update(owner: UserId, channelId: string | null, change: UpdateChatBotSettingsBody): Promise<ChatBotSettings> {
    const before = await this.deps.repository.find(owner);
    const current = resolved(before);
    const commands = { ...current.commands };
    for (const [name, patch] of Object.entries(change.commands ?? {}) as [
      ChatBotCommand,
      Partial<ChatBotCommandSettings>,
    ][]) {
      commands[name] = { ...commands[name], ...patch };
    }
    const saved = await this.deps.repository.save(owner, {
      twitch_channel_id: channelId,
      enabled: change.enabled ?? current.enabled,
      prefix: change.prefix ?? current.prefix,
      commands,
      aliases: change.aliases ?? current.aliases,
    });
    const previousChannel = before?.twitch_channel_id ?? null;
    await this.deps.changed([previousChannel, channelId].filter((id): id is string => id !== null));
    if (previousChannel && previousChannel !== channelId) {
      this.deps.switches.publish({ twitch_channel_id: previousChannel, enabled: false });
    }
    if (channelId && (saved.enabled !== current.enabled || previousChannel !== channelId)) {
      this.deps.switches.publish({ twitch_channel_id: channelId, enabled: saved.enabled });
    }
    return resolved(saved);
  }

  /** The settings of the streamer serving this channel with the bot on; null when none does. */
  async enabledForChannel(twitchChannelId: string, ownerOf: (channelId: string) => Promise<UserId | null>) {
    const owner = await ownerOf(twitchChannelId);
    if (!owner) {
      return null;
    }
    const stored = (await this.deps.repository.findByChannelForBot(twitchChannelId)).find(
      (row) => row.user_id === owner,
    );
    return stored?.enabled ? { owner, settings: resolved(stored) } : null;
  }

  /** Every channel with the bot on, with its streamer. */
  async listEnabled(): Promise<Array<{ owner: UserId; twitchChannelId: string; settings: ChatBotSettings }>> {
    return (await this.deps.repository.listEnabledForBot()).flatMap((row) =>
      row.twitch_channel_id
        ? [{ owner: row.user_id, twitchChannelId: row.twitch_channel_id, settings: resolved(row) }]
        : [],
    );
  }

  /** Tells the bots to leave a streamer's channel (Twitch disconnected, a token revoked). */
  leave(twitchChannelId: string): void {
    this.deps.switches.publish({ twitch_channel_id: twitchChannelId, enabled: false });
  }

  /** Tells the bots to (re)join a channel whose bot is on (Twitch reconnected). */
  rejoin(twitchChannelId: string): void {
    this.deps.switches.publish({ twitch_channel_id: twitchChannelId, enabled: true });
  }

  async deleteAllForUser(owner: UserId): Promise<void> {
    const stored = await this.deps.repository.find(owner);
    await this.deps.repository.deleteAllForUser(owner);
    if (stored?.twitch_channel_id) {
      await this.deps.changed([stored.twitch_channel_id]);
    }
  }
}
