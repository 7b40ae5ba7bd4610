import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import type { LiveEvent } from '@aurastream/contract';
import type { OAuthProvider } from '../auth/oauth/oauth-provider';
import type { Config } from '../config';
import { cacheScopes, ReadCacheInvalidator } from '../db/read-cache';
import { ScopedMemoryCache } from '../db/scoped-memory-cache';
import type { EventSubDispatcher } from '../eventsub/eventsub-dispatcher';
import type { EventSubSubscriptions } from '../eventsub/eventsub-subscriptions';
import type { Feature } from '../feature';
import type { Logger } from '../shared/logger';
import type { TwitchConnectionEvents } from '../twitch/connection-events';
import type { PlatformConnectionService } from '../twitch/platform-connection.service';
import type { TwitchApiClients } from '../twitch/twitch-api-clients';
import type { UserDataOwner } from '../users/user-data-owner';
import type { UserId } from '../users/user.repository';
import { BotAccountService, CHAT_BOT_ACCOUNT_OWNER } from './bot-account.service';
import { ChannelSwitchFeed } from './channel-switch-feed';
import { ChatAnnouncements } from './chat-announcements';
import { ChatBotChannelDirectory } from './chat-bot-channels';
import { registerChatBotSettingsModel } from './chat-bot-settings.model';
import { ChatBotSettingsRepository } from './chat-bot-settings.repository';
import { ChatBotSettingsService } from './chat-bot-settings.service';
import { createChatBotApi } from './chat-bot.api';
import { createChatCommands } from './chat-commands';
import { ChatInbox } from './chat-inbox';
import { ChatSender } from './chat-sender';
import { CommandCooldowns } from './command-cooldowns';
import { CommandRunner } from './command-runner';
import type { ChatBotChannels, ChatGeneration, ChatIdeas, ChatJobFeed, ChatPromptCoach } from './dependencies';
import { CHAT_MESSAGE_SUBSCRIPTION, chatSubscription, handleChatMessage } from './eventsub-chat';
import { createChatBotRouter } from './routes';
import { SimulatedChat } from './simulated-chat';

/** How long a served channel's standing is kept at most (changes bump it at once; this bounds an unannounced one). */
const SERVED_CHANNEL_MAX_AGE_MS = 60_000;

export interface ChatBotFeatureDependencies {
  connection: Connection;
  redis: Redis;
  config: Pick<Config, 'http' | 'redis' | 'chatBot' | 'isProduction'>;
  logger: Logger;
  channels: ChatBotChannels;
  connections: PlatformConnectionService;
  oauthProvider: OAuthProvider;
  clients: TwitchApiClients;
  twitchEvents: TwitchConnectionEvents;
  eventSub: { dispatcher: EventSubDispatcher; subscriptions: EventSubSubscriptions };
  ideas: ChatIdeas;
  generation: ChatGeneration;
  coach: ChatPromptCoach;
  jobFeed: ChatJobFeed;
  liveEvents: { subscribeAll(listener: (owner: string, event: LiveEvent) => void): Promise<() => Promise<void>> };
  /** The fake Twitch's origin when it is the Twitch in use (the dashboard's simulated chat), else null. */
  simulatedTwitchOrigin: string | null;
}

/**
 * The chat bot, service side: streamers' bot settings and the per-channel switch, the bot's own
 * Twitch account, the commands the bot process relays, replies through Helix, the EventSub chat
 * messages and announcements it hands the bots through a Redis stream. `bot/` is a thin client.
 */
export function createChatBotFeature(deps: ChatBotFeatureDependencies) {
  const logger = deps.logger.child({ feature: 'chat-bot' });
  const { redis, config } = deps;
  const transport = config.chatBot.transport;
  const switches = new ChannelSwitchFeed({ redis, keyPrefix: config.redis.keyPrefix, logger });
  const invalidator = new ReadCacheInvalidator(redis);
  const settings = new ChatBotSettingsService({
    repository: new ChatBotSettingsRepository(registerChatBotSettingsModel(deps.connection)),
    switches,
    changed: (channelIds) =>
      invalidator.invalidate(...channelIds.map((id) => cacheScopes.platformAccount('twitch', id))),
  });
  const account = new BotAccountService({
    connections: deps.connections,
    provider: deps.oauthProvider,
    redis,
    publicUrl: config.http.publicUrl,
    logger,
  });
  const directory = new ChatBotChannelDirectory({
    settings,
    account,
    connection: (owner) => deps.connections.view(owner, 'twitch'),
    ownerOfChannel: (channelId) => deps.channels.ownerOfChannel(channelId),
    transport,
    cache: new ScopedMemoryCache(redis, { maxAgeMs: SERVED_CHANNEL_MAX_AGE_MS, maxEntries: 10_000 }),
  });
  const inbox = new ChatInbox(redis);
  const announcements = new ChatAnnouncements({
    redis,
    inbox,
    async servedChannelOf(owner) {
      const standing = await directory.standingOf(owner);
      return standing.state === 'active' ? standing.twitchChannelId : null;
    },
    publicAssetUrl: (assetId) => `${config.http.publicUrl}/api/v1/asset/${assetId}/image`,
    logger,
  });
  const commands = createChatCommands({
    redis,
    ideas: deps.ideas,
    generation: deps.generation,
    coach: deps.coach,
    rememberMakeJob: (jobId, channelId, messageId, chatter) =>
      announcements.rememberMakeJob(jobId, channelId, messageId, chatter),
  });
  const runner = new CommandRunner({ commands, cooldowns: new CommandCooldowns(redis), logger });
  const { subscriptions } = deps.eventSub;
  /** EventSub: the channel's chat subscription follows whether the bot serves it. */
  const syncChat = async (owner: UserId, leaving = false) => {
    if (transport !== 'eventsub') {
      return;
    }
    const standing = await directory.standingOf(owner);
    const channelId = standing.twitchChannelId;
    if (!channelId) {
      return;
    }
    try {
      if (standing.state === 'active' && !leaving) {
        const bot = await account.activeAccount();
        await subscriptions.ensure(chatSubscription(channelId, bot?.userId ?? channelId));
      } else {
        await subscriptions.remove(CHAT_MESSAGE_SUBSCRIPTION.type, { broadcaster_user_id: channelId });
      }
    } catch (error) {
      // the reconciliation job tries again; the dashboard shows the channel's state meanwhile
      logger.warn({ err: error, channelId, state: standing.state }, 'could not change the chat subscription');
    }
  };
  const api = createChatBotApi({
    settings,
    account,
    directory,
    runner,
    sender: new ChatSender({ clients: deps.clients, logger }),
    simulated: new SimulatedChat(config.isProduction ? null : deps.simulatedTwitchOrigin),
    redis,
    transport,
    syncChat,
  });

  if (transport === 'eventsub') {
    deps.eventSub.dispatcher.onNotification(
      CHAT_MESSAGE_SUBSCRIPTION.type,
      handleChatMessage({
        inbox,
        serves: async (channelId) => (await directory.servedChannel(channelId)) !== null,
        botUserId: async () => (await account.activeAccount())?.userId ?? null,
      }),
    );
    deps.eventSub.dispatcher.wantSubscriptions(async () => {
      const { account: bot } = await directory.speaker();
      return (await directory.served()).flatMap((standing) =>
        standing.twitchChannelId
          ? [chatSubscription(standing.twitchChannelId, bot?.userId ?? standing.twitchChannelId)]
          : [],
      );
    });
  }

  // a streamer's Twitch connection changing: the bots leave or rejoin at once
  deps.twitchEvents.listen(async (event) => {
    if (event.userId === CHAT_BOT_ACCOUNT_OWNER) {
      logger.warn({ event: event.kind }, 'the chat bot account’s Twitch connection changed');
      return;
    }
    if (event.kind === 'linked') {
      if ((await directory.standingOf(event.userId)).state === 'active') {
        settings.rejoin(event.twitchUserId);
      }
    } else {
      settings.leave(event.twitchUserId);
    }
    // told before a disconnection forgets the connection: the subscription goes now
    await syncChat(event.userId, event.kind === 'disconnected');
  });
  const stopJobFeed = deps.jobFeed.listen((job) => announcements.onJobEnded(job));
  let stopLiveEvents: (() => Promise<void>) | null = null;

  const feature: Feature = {
    name: 'chat-bot',
    routes: (callers) => createChatBotRouter({ callers, api, account, dashboardUrl: config.http.publicUrl }),
    async start() {
      await inbox.ensureGroup();
      stopLiveEvents = await deps.liveEvents.subscribeAll((owner, event) => {
        announcements.onLiveEvent(owner as UserId, event).catch((error: unknown) => {
          logger.warn({ err: error, type: event.type }, 'could not announce a live event in chat');
        });
      });
    },
    async stop() {
      stopJobFeed();
      await stopLiveEvents?.();
    },
  };
  const dataOwner: UserDataOwner = {
    name: 'chat-bot',
    async deleteAllForUser(userId) {
      const standing = await directory.standingOf(userId);
      if (standing.twitchChannelId) {
        settings.leave(standing.twitchChannelId);
      }
      await settings.deleteAllForUser(userId);
    },
  };
  return {
    feature,
    api,
    dataOwner,
    /** The service credential's `bot_channels` scope follows this switch. */
    botChannels: {
      isBotEnabled: async (twitchChannelId: string) => (await directory.servedChannel(twitchChannelId)) !== null,
    },
  };
}
