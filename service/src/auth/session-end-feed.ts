import type { Redis } from 'ioredis';
import { RedisFeed } from '../db/redis-feed';
import { redisKeys } from '../db/redis-keys';
import type { Logger } from '../shared/logger';
import type { SessionEndNotifier } from './session-revocations';

/**
 * Spreads "this session ended" to every service instance (a Redis feed), so each closes the
 * realtime connections it holds for the session, wherever the session was ended.
 */
export class SessionEndFeed implements SessionEndNotifier {
  private readonly feed: RedisFeed;

  constructor(options: { publisher: Redis; connectSubscriber: () => Redis; keyPrefix: string; logger: Logger }) {
    this.feed = new RedisFeed({
      publisher: options.publisher,
      connectSubscriber: options.connectSubscriber,
      channel: `${options.keyPrefix}${redisKeys.sessionEnds()}`,
      subject: 'an ended session',
      logger: options.logger,
    });
  }

  listen(listener: (sessionId: string) => void): () => void {
    return this.feed.listen(listener);
  }

  ended(sessionId: string): void {
    this.feed.publish(sessionId);
  }

  start(): Promise<void> {
    return this.feed.start();
  }

  stop(): Promise<void> {
    return this.feed.stop();
  }
}
