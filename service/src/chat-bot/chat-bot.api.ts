import {
  errorCodes,
  type BotIdentityResponse,
  type ChatBotAccountResponse,
  type ChatBotStatusResponse,
  type ChatCommandBatchItem,
  type ChatCommandBody,
  type ChatCommandResultResponse,
  type ChatTransport,
  type EndpointBody,
  type SendChatReplyBody,
  type SimulatedChatBody,
  type SimulatedChatLogResponse,
  type UpdateChatBotSettingsBody,
  type chatBotServiceEndpoints,
} from '@aurastream/contract';
import type { Redis } from 'ioredis';
import type { Actor, ServiceCaller } from '../auth/principal';
import { redisKeys } from '../db/redis-keys';
import { AppError, ConflictError, ForbiddenError } from '../shared/errors';
import type { BotAccountService } from './bot-account.service';
import type { ChannelStanding, ChatBotChannelDirectory } from './chat-bot-channels';
import { presentChatBotStatus } from './chat-bot.presenter';
import type { ChatBotSettingsService } from './chat-bot-settings.service';
import type { ChatSender, SentReply } from './chat-sender';
import type { CommandRunner } from './command-runner';
import type { SimulatedChat } from './simulated-chat';

/** How long a bot process's report that it holds a channel counts. */
const PRESENCE_TTL_SECONDS = 300;

type ServiceEndpoints = typeof chatBotServiceEndpoints;

/** The chat bot's feature API: the streamer's dashboard, the administrator, and the bot itself. */
export interface ChatBotApi {
  getStatus(principal: Actor): Promise<ChatBotStatusResponse>;
  updateSettings(principal: Actor, body: UpdateChatBotSettingsBody): Promise<ChatBotStatusResponse>;
  sendSimulatedChat(principal: Actor, body: SimulatedChatBody): Promise<{ message_id: string }>;
  simulatedChatLog(principal: Actor): Promise<SimulatedChatLogResponse>;

  getAccount(principal: Actor): Promise<ChatBotAccountResponse>;
  disconnectAccount(principal: Actor): Promise<ChatBotAccountResponse>;

  identity(principal: ServiceCaller): Promise<BotIdentityResponse>;
  saveTokens(principal: ServiceCaller, body: EndpointBody<ServiceEndpoints['saveTokens']>): Promise<void>;
  reportIdentityRevoked(principal: ServiceCaller, reason: string): Promise<void>;
  channels(principal: ServiceCaller): Promise<{ channels: ChannelForBot[]; transport: ChatTransport }>;
  presence(principal: ServiceCaller, channelIds: string[]): Promise<void>;
  command(principal: ServiceCaller, body: ChatCommandBody): Promise<ChatCommandResultResponse>;
  /** Each message as `command` runs it; a channel's in order, channels side by side. */
  commandBatch(principal: ServiceCaller, messages: ChatCommandBody[]): Promise<{ results: ChatCommandBatchItem[] }>;
  sendReply(principal: ServiceCaller, body: SendChatReplyBody): Promise<SentReply>;
}

interface ChannelForBot {
  twitch_channel_id: string;
  login: string;
  prefix: string;
  aliases: string[];
  speaks_as: 'bot_account' | 'streamer';
  sender_is_moderator: boolean;
}

/**
 * The channel's standing when the bot serves it (null when not), after refusing a channel the
 * credential may not act for now (its scope, or the streamer's switch). A `bot_channels`
 * credential acts for exactly the channels served (`isBotEnabled` in `feature.ts`), so the
 * standing read once answers both.
 */
async function servedChannelFor(
  principal: ServiceCaller,
  channelId: string,
  directory: ChatBotChannelDirectory,
): Promise<ChannelStanding | null> {
  const standing = await directory.servedChannel(channelId);
  const actsFor =
    principal.scope.kind === 'bot_channels'
      ? standing !== null
      : await principal.canActFor({ twitchChannelId: channelId });
  if (!actsFor) {
    throw new ForbiddenError(
      'This service credential does not act for this channel',
      errorCodes.serviceChannelForbidden,
    );
  }
  return standing;
}

/** A message's answer in a batch: its result, or the refusal it would have had alone; other failures fail the batch. */
async function batchItem(run: () => Promise<ChatCommandResultResponse>): Promise<ChatCommandBatchItem> {
  try {
    return { result: await run() };
  } catch (error) {
    if (error instanceof AppError && error.status < 500) {
      return {
        status: error.status,
        error: { code: error.code, message: error.message, details: error.details ?? null },
      };
    }
    throw error;
  }
}

export function createChatBotApi(deps: {
  settings: ChatBotSettingsService;
  account: BotAccountService;
  directory: ChatBotChannelDirectory;
  runner: CommandRunner;
  sender: ChatSender;
  simulated: SimulatedChat;
  redis: Redis;
  transport: ChatTransport;
  /** Makes the channel's `channel.chat.message` subscription match whether the bot serves it (EventSub). */
  syncChat(owner: Actor['id']): Promise<void>;
}): ChatBotApi {
  const { settings, account, directory, redis } = deps;

  const status = async (owner: Actor['id']): Promise<ChatBotStatusResponse> => {
    const { speaksAs, account: bot } = await directory.speaker();
    const standing = await directory.standingOf(owner, speaksAs);
    const seen = standing.twitchChannelId ? await redis.get(redisKeys.chatBotPresence(standing.twitchChannelId)) : null;
    return presentChatBotStatus({
      standing,
      bot,
      transport: deps.transport,
      lastSeenAt: seen ? new Date(Number(seen)) : null,
      simulatedChat: deps.simulated.available,
    });
  };

  const servedChannel = async (owner: Actor['id']) => {
    const standing = await directory.standingOf(owner);
    if (!standing.twitchChannelId || !standing.login) {
      throw new ConflictError(errorCodes.twitchNotConnected, 'Connect Twitch first');
    }
    return { id: standing.twitchChannelId, login: standing.login };
  };

  const command = async (principal: ServiceCaller, body: ChatCommandBody): Promise<ChatCommandResultResponse> => {
    const standing = await servedChannelFor(principal, body.twitch_channel_id, directory);
    if (!standing) {
      return { command: null, outcome: 'disabled', replies: [] };
    }
    return deps.runner.run(standing.owner, standing.settings, body);
  };

  return {
    getStatus: (principal) => status(principal.id),

    async updateSettings(principal, body) {
      const before = await directory.standingOf(principal.id);
      await settings.update(principal.id, before.twitchChannelId, body);
      const after = await status(principal.id);
      if (before.state !== after.channel.state || before.twitchChannelId !== after.channel.twitch_channel_id) {
        await deps.syncChat(principal.id);
      }
      return after;
    },

    async sendSimulatedChat(principal, body) {
      return deps.simulated.say(await servedChannel(principal.id), body.role, body.text);
    },

    async simulatedChatLog(principal) {
      const channel = await servedChannel(principal.id);
      const bot = await account.activeAccount();
      return deps.simulated.log(channel, bot ? [bot.userId, channel.id] : [channel.id]);
    },

    getAccount: () => account.view(),
    disconnectAccount: () => account.disconnect(),

    async identity() {
      const tokens = deps.transport === 'irc' ? await account.tokens() : null;
      const bot = tokens ? await account.activeAccount() : null;
      return {
        transport: deps.transport,
        account:
          tokens && bot
            ? {
                user_id: tokens.platformUserId,
                login: bot.login,
                access_token: tokens.accessToken,
                refresh_token: tokens.refreshToken,
                expires_at: tokens.expiresAt?.toISOString() ?? null,
                scopes: tokens.scopes,
              }
            : null,
      };
    },

    saveTokens: (_principal, body) => account.saveRefreshed(body),
    reportIdentityRevoked: (_principal, reason) => account.markRevoked(reason),

    async channels(principal) {
      const served = await directory.served();
      const { account: bot } = await directory.speaker();
      const channels: ChannelForBot[] = [];
      for (const standing of served) {
        const channelId = standing.twitchChannelId;
        if (!channelId || !standing.login || !(await principal.canActFor({ twitchChannelId: channelId }))) {
          continue;
        }
        channels.push({
          twitch_channel_id: channelId,
          login: standing.login,
          prefix: standing.settings.prefix,
          aliases: standing.settings.aliases.map((alias) => alias.alias),
          speaks_as: standing.speaksAs,
          // Twitch tells no app whether an account moderates a channel without the streamer's
          // moderation scope: the bot account keeps to the lower limits unless it is the broadcaster
          sender_is_moderator: bot ? bot.userId === channelId : true,
        });
      }
      return { channels, transport: deps.transport };
    },

    async presence(principal, channelIds) {
      const now = String(Date.now());
      const pipeline = redis.pipeline();
      for (const channelId of channelIds) {
        pipeline.set(redisKeys.chatBotPresence(channelId), now, 'EX', PRESENCE_TTL_SECONDS);
      }
      await pipeline.exec();
    },

    command,

    async commandBatch(principal, messages) {
      const results: ChatCommandBatchItem[] = new Array<ChatCommandBatchItem>(messages.length);
      const byChannel = new Map<string, number[]>();
      messages.forEach((message, index) => {
        const positions = byChannel.get(message.twitch_channel_id) ?? [];
        positions.push(index);
        byChannel.set(message.twitch_channel_id, positions);
      });
      await Promise.all(
        [...byChannel.values()].map(async (positions) => {
          for (const index of positions) {
            results[index] = await batchItem(() => command(principal, messages[index]!));
          }
        }),
      );
      return { results };
    },

    async sendReply(principal, body) {
      const standing = await servedChannelFor(principal, body.twitch_channel_id, directory);
      if (!standing) {
        throw new ConflictError('chat_bot_off', 'The bot does not serve this channel now');
      }
      const { account: bot } = await directory.speaker();
      return deps.sender.send(
        bot ? { kind: 'bot_account', botUserId: bot.userId } : { kind: 'streamer', owner: standing.owner },
        body.twitch_channel_id,
        body.reply,
      );
    },
  };
}
