import type { Redis } from 'ioredis';
import { CHAT_BOT_INBOX_MAX_LENGTH, chatBotRedisKeys, type ChatBotInboxEntry } from '@aurastream/contract';

/**
 * The Redis stream the service hands chat to the bot processes through: chat messages EventSub
 * delivered, and announcements of live events. The bots read it as one consumer group, so each
 * entry reaches one of them.
 */
export class ChatInbox {
  constructor(private readonly redis: Redis) {}

  async add(entry: ChatBotInboxEntry): Promise<void> {
    await this.redis.xadd(
      chatBotRedisKeys.inbox(),
      'MAXLEN',
      '~',
      CHAT_BOT_INBOX_MAX_LENGTH,
      '*',
      'entry',
      JSON.stringify(entry),
    );
  }
}
