import type { Redis } from 'ioredis';
import { redisKeys } from '../db/redis-keys';
import type { Logger } from '../shared/logger';
import { extensionPanelSchema, type ExtensionPanelResponse } from '@aurastream/contract';

/**
 * Channels' showcases in Redis for a short while: when a raid lands, thousands of viewers open the
 * panel within seconds and one read of the library serves them all. A `ttlSeconds` of 0 turns it off.
 */
export class ShowcaseCache {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
    private readonly logger: Logger,
  ) {}

  async get(channelId: string): Promise<ExtensionPanelResponse | null> {
    if (this.ttlSeconds === 0) {
      return null;
    }
    const stored = await this.redis.get(redisKeys.extensionShowcase(channelId));
    if (!stored) {
      return null;
    }
    try {
      // written by an older release, an entry may no longer match the schema: a miss then
      const parsed = extensionPanelSchema.safeParse(JSON.parse(stored));
      return parsed.success ? parsed.data : null;
    } catch (error) {
      this.logger.warn({ err: error, channelId }, 'unreadable cached showcase ignored');
      return null;
    }
  }

  async set(channelId: string, panel: ExtensionPanelResponse): Promise<void> {
    if (this.ttlSeconds === 0) {
      return;
    }
    await this.redis.set(redisKeys.extensionShowcase(channelId), JSON.stringify(panel), 'EX', this.ttlSeconds);
  }
}
