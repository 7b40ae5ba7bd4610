import type { Redis } from 'ioredis';
import { chatBotRedisKeys, type ChatBotChannelSwitch } from '@aurastream/contract';
import type { Logger } from '../shared/logger';

/**
 * Tells every bot process that a channel was turned on or off, on a Redis pub/sub channel (the
 * bots also re-read the channel list now and then, so a missed message heals).
 */
export class ChannelSwitchFeed {
  private readonly channel: string;

  constructor(private readonly deps: { redis: Redis; keyPrefix: string; logger: Logger }) {
    // ioredis's keyPrefix does not apply to pub/sub channels
    this.channel = `${deps.keyPrefix}${chatBotRedisKeys.channelSwitch()}`;
  }

  publish(change: ChatBotChannelSwitch): void {
    this.deps.redis.publish(this.channel, JSON.stringify(change)).catch((error: unknown) => {
      this.deps.logger.warn({ err: error, change }, 'could not tell the bots about a channel switch');
    });
  }
}
