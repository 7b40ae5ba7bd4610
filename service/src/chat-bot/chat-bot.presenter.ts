import type { ChatBotStatusResponse, ChatTransport } from '@aurastream/contract';
import type { ChannelStanding } from './chat-bot-channels';

export function presentChatBotStatus(input: {
  standing: ChannelStanding;
  bot: { login: string; displayName: string } | null;
  transport: ChatTransport;
  lastSeenAt: Date | null;
  simulatedChat: boolean;
}): ChatBotStatusResponse {
  const { standing, bot } = input;
  return {
    settings: {
      enabled: standing.settings.enabled,
      prefix: standing.settings.prefix,
      commands: standing.settings.commands,
      aliases: standing.settings.aliases,
      updated_at: standing.settings.updated_at?.toISOString() ?? null,
    },
    channel: {
      twitch_channel_id: standing.twitchChannelId,
      login: standing.login,
      state: standing.state,
      state_reason: standing.stateReason,
      missing_scopes: standing.missingScopes,
    },
    speaks_as: standing.speaksAs,
    identity: bot
      ? { login: bot.login, display_name: bot.displayName }
      : { login: standing.login, display_name: standing.login },
    transport: input.transport,
    last_seen_at: input.lastSeenAt?.toISOString() ?? null,
    simulated_chat: input.simulatedChat,
  };
}
