import type { Redis } from 'ioredis';
import {
  CHAT_BOT_INBOX_GROUP,
  CHAT_BOT_INBOX_MAX_LENGTH,
  chatBotRedisKeys,
  type ChatBotInboxEntry,
} from '@aurastream/contract';

/**
 * The Redis stream the service hands chat to the bot processes through: chat messages EventSub
 * delivered, and announcements of live events. The bots read it as one consumer group, so each
 * entry reaches one of them.
 */
export class ChatInbox {
  constructor(private readonly redis: Redis) {}

  /** Makes the bots' group, so what is added before any bot runs waits for them. */
  async ensureGroup(): Promise<void> {
    // ioredis does not prefix XGROUP's key
    const stream = `${this.redis.options.keyPrefix ?? ''}${chatBotRedisKeys.inbox()}`;
    try {
      await this.redis.xgroup('CREATE', stream, CHAT_BOT_INBOX_GROUP, '$', 'MKSTREAM');
    } catch (error) {
      if (!(error instanceof Error && error.message.includes('BUSYGROUP'))) {
        throw error;
      }
    }
  }

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
