import type { Redis } from 'ioredis';
import type { ChatReply } from '@aurastream/contract';
import { botKeys } from './bot-keys';
import { CommandBatcher } from './command-batcher';
import type { BotChannel, IncomingChatMessage } from './chat-transport';
import type { BotLogger } from './logger';
import type { ReplyQueue } from './reply-queue';
import { isServiceUnavailable, wireReply, type BotServiceClient } from './service-client';

/** How long a message id counts as taken (Twitch redelivers within minutes). */
const SEEN_TTL_SECONDS = 3600;
/** One "restarting" notice per channel this often at most. */
const RESTART_NOTICE_INTERVAL_MS = 60_000;

export const RESTARTING_TEXT = 'AuraStream is restarting, try again in a minute';

/** Whether a message starts with the channel's prefix or an alias (the service reads it fully). */
export function looksLikeCommand(channel: Pick<BotChannel, 'prefix' | 'aliases'>, text: string): boolean {
  const first = text.trimStart().split(/\s/u, 1)[0]?.toLowerCase() ?? '';
  return first === channel.prefix.toLowerCase() || channel.aliases.some((alias) => alias.toLowerCase() === first);
}

/**
 * Relays a chat message to the service and queues its replies. Each message is taken once across
 * every bot process (a `SET NX` on its id), so a command gets one answer even while two processes
 * are in a channel during a hand-over. When the service is away, the chatter hears that AuraStream
 * is restarting; when Redis is away too, that notice goes straight out.
 */
export class CommandRelay {
  private readonly restartNoticeAt = new Map<string, number>();
  /** Each channel's messages are relayed one after the other, so answers come in the order asked. */
  private readonly chains = new Map<string, Promise<void>>();
  private readonly commands: CommandBatcher;

  constructor(
    private readonly deps: {
      redis: Redis;
      service: BotServiceClient;
      queue: ReplyQueue;
      logger: BotLogger;
      /** Sends without the queue (Redis is away). */
      sendDirectly(channel: BotChannel, reply: ChatReply): Promise<void>;
      /** Replies were queued for the channel. */
      queued(channelId: string): void;
    },
  ) {
    this.commands = new CommandBatcher(deps.service);
  }

  relay(channel: BotChannel, message: IncomingChatMessage): Promise<void> {
    if (!looksLikeCommand(channel, message.text)) {
      return Promise.resolve();
    }
    // taken at once, not in the channel's turn: the messages heard together go to Redis in one write
    const taken = this.take(message);
    const previous = this.chains.get(channel.twitchChannelId) ?? Promise.resolve();
    const next = previous.then(() => this.relayNow(channel, message, taken));
    const settled = next.catch(() => undefined);
    this.chains.set(channel.twitchChannelId, settled);
    void settled.then(() => {
      if (this.chains.get(channel.twitchChannelId) === settled) {
        this.chains.delete(channel.twitchChannelId);
      }
    });
    return next;
  }

  /** Takes the message id across every bot process: `taken`, another process's, or Redis is away. */
  private async take(message: IncomingChatMessage): Promise<'taken' | 'seen' | 'redis-away'> {
    try {
      const first = await this.deps.redis.set(
        botKeys.seenMessage(message.messageId),
        '1',
        'EX',
        SEEN_TTL_SECONDS,
        'NX',
      );
      return first === 'OK' ? 'taken' : 'seen';
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'Redis is away; answering without it');
      return 'redis-away';
    }
  }

  private async relayNow(
    channel: BotChannel,
    message: IncomingChatMessage,
    taken: Promise<'taken' | 'seen' | 'redis-away'>,
  ): Promise<void> {
    const outcome = await taken;
    if (outcome === 'seen') {
      return;
    }
    const redisAway = outcome === 'redis-away';
    let replies: ChatReply[];
    try {
      const result = await this.commands.run({
        twitchChannelId: message.twitchChannelId,
        messageId: message.messageId,
        text: message.text,
        chatter: message.chatter,
      });
      replies = result.replies.map(wireReply);
    } catch (error) {
      if (!isServiceUnavailable(error)) {
        this.deps.logger.warn({ err: error, channel: channel.login }, 'the service refused a chat command');
        return;
      }
      replies = this.restartNotice(channel, message);
    }
    await this.enqueue(channel, replies, redisAway);
  }

  /** An announcement from the inbox: queued like any reply. */
  announce(channel: BotChannel, reply: ChatReply): Promise<void> {
    return this.enqueue(channel, [reply], false);
  }

  private restartNotice(channel: BotChannel, message: IncomingChatMessage): ChatReply[] {
    const last = this.restartNoticeAt.get(channel.twitchChannelId) ?? 0;
    if (Date.now() - last < RESTART_NOTICE_INTERVAL_MS) {
      return [];
    }
    this.restartNoticeAt.set(channel.twitchChannelId, Date.now());
    return [
      {
        text: `@${message.chatter.displayName} ${RESTARTING_TEXT}`,
        reply_to_message_id: message.messageId,
        kind: 'answer',
      },
    ];
  }

  private async enqueue(channel: BotChannel, replies: ChatReply[], redisAway: boolean): Promise<void> {
    if (replies.length === 0) {
      return;
    }
    if (!redisAway) {
      try {
        const dropped = await this.deps.queue.push(channel.twitchChannelId, replies);
        if (dropped > 0) {
          this.deps.logger.info({ channel: channel.login, dropped }, 'replies dropped to stay within Twitch’s limits');
        }
        this.deps.queued(channel.twitchChannelId);
        return;
      } catch (error) {
        this.deps.logger.warn({ err: error }, 'Redis is away; replying without the queue');
      }
    }
    // the only replies that go out without the queue: the "restarting" notice, at most one a minute
    for (const reply of replies.slice(0, 1)) {
      await this.deps.sendDirectly(channel, reply).catch((error: unknown) => {
        this.deps.logger.warn({ err: error }, 'could not reply without the queue');
      });
    }
  }
}
