import type { ChatBotChannelState, ChatBotSpeaker, ChatTransport } from '@aurastream/contract';
import { cacheScopes } from '../db/read-cache';
import type { ScopedMemoryCache } from '../db/scoped-memory-cache';
import type { PlatformConnectionView } from '../twitch/platform-connection.service';
import type { UserId } from '../users/user.repository';
import { CHAT_BOT_ACCOUNT_OWNER, type BotAccountService } from './bot-account.service';
import type { ChatBotSettings, ChatBotSettingsService } from './chat-bot-settings.service';

/** A streamer's channel as the bot serves it (or why it does not). */
export interface ChannelStanding {
  owner: UserId;
  twitchChannelId: string | null;
  login: string | null;
  state: ChatBotChannelState;
  stateReason: string | null;
  missingScopes: string[];
  speaksAs: ChatBotSpeaker;
  settings: ChatBotSettings;
}

/** The scopes the streamer's connection needs for the bot, by who speaks and how chat arrives. */
export function scopesNeeded(speaksAs: ChatBotSpeaker, transport: ChatTransport): string[] {
  if (speaksAs === 'bot_account') {
    return ['channel:bot'];
  }
  return transport === 'eventsub' ? ['user:read:chat', 'user:write:chat'] : ['user:write:chat'];
}

/**
 * Which channels the bot serves: the streamer turned it on, Twitch is connected and accepts the
 * token, and the streamer granted what the bot needs (asked when they turn it on).
 */
export class ChatBotChannelDirectory {
  constructor(
    private readonly deps: {
      settings: ChatBotSettingsService;
      account: BotAccountService;
      connection(owner: UserId): Promise<PlatformConnectionView | null>;
      ownerOfChannel(twitchChannelId: string): Promise<UserId | null>;
      transport: ChatTransport;
      /** Served channels' standings, read on every command (`servedChannel`). */
      cache: ScopedMemoryCache<ChannelStanding | null>;
    },
  ) {}

  async speaker(): Promise<{
    speaksAs: ChatBotSpeaker;
    account: Awaited<ReturnType<BotAccountService['activeAccount']>>;
  }> {
    const account = await this.deps.account.activeAccount();
    return { speaksAs: account ? 'bot_account' : 'streamer', account };
  }

  async standingOf(owner: UserId, speaksAs?: ChatBotSpeaker): Promise<ChannelStanding> {
    const settings = await this.deps.settings.get(owner);
    const connection = await this.deps.connection(owner);
    const speaker = speaksAs ?? (await this.speaker()).speaksAs;
    const base = {
      owner,
      twitchChannelId: connection?.platformUserId ?? null,
      login: connection?.login ?? null,
      speaksAs: speaker,
      settings,
      stateReason: null,
      missingScopes: [] as string[],
    };
    if (!settings.enabled) {
      return { ...base, state: 'off' };
    }
    if (!connection) {
      return { ...base, state: 'needs_twitch' };
    }
    if (connection.status === 'revoked') {
      return { ...base, state: 'revoked', stateReason: connection.statusReason };
    }
    const missingScopes = scopesNeeded(speaker, this.deps.transport).filter(
      (scope) => !connection.scopes.includes(scope),
    );
    return missingScopes.length > 0 ? { ...base, state: 'needs_consent', missingScopes } : { ...base, state: 'active' };
  }

  /**
   * The channel's standing when its bot is on and it is served; null otherwise. Read on every
   * command and reply, so it is kept in memory while nothing it stands on changed: the channel's
   * connection (who connected it, its grant) and bot settings bump the channel's scope, the bot
   * account's connection bumps its owner's.
   */
  servedChannel(twitchChannelId: string): Promise<ChannelStanding | null> {
    return this.deps.cache.get(
      twitchChannelId,
      [cacheScopes.platformAccount('twitch', twitchChannelId), cacheScopes.owner(CHAT_BOT_ACCOUNT_OWNER)],
      () => this.loadServedChannel(twitchChannelId),
    );
  }

  private async loadServedChannel(twitchChannelId: string): Promise<ChannelStanding | null> {
    const owner = await this.deps.ownerOfChannel(twitchChannelId);
    if (!owner) {
      return null;
    }
    const standing = await this.standingOf(owner);
    return standing.state === 'active' && standing.twitchChannelId === twitchChannelId ? standing : null;
  }

  /** Every channel served now. */
  async served(): Promise<ChannelStanding[]> {
    const { speaksAs } = await this.speaker();
    const enabled = await this.deps.settings.listEnabled();
    const standings = await Promise.all(enabled.map((row) => this.standingOf(row.owner, speaksAs)));
    return standings.filter((standing) => standing.state === 'active' && standing.twitchChannelId !== null);
  }
}
