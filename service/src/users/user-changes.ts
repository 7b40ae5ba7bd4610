import type { Redis } from 'ioredis';
import { redisKeys } from '../db/redis-keys';
import { RedisFeed } from '../db/redis-feed';
import type { Logger } from '../shared/logger';
import type { UserId } from './user.repository';

export type UserChangeListener = (userId: UserId) => void;

/** The pub/sub channel of account changes (ioredis's keyPrefix does not apply to channels). */
export function userChangesChannel(keyPrefix: string): string {
  return `${keyPrefix}${redisKeys.userChanges()}`;
}

/** Tells every running service instance that an account changed. */
export async function publishUserChange(publisher: Redis, keyPrefix: string, userId: UserId): Promise<void> {
  await publisher.publish(userChangesChannel(keyPrefix), userId);
}

/** Told by the user repository about every write to an account. */
export interface UserChangeNotifier {
  changed(userId: UserId): void;
}

/**
 * Spreads "this account changed" to every service instance (a Redis feed). Copies of accounts kept
 * for speed (the authenticator's cache) and live connections (realtime) listen here, so a role,
 * tier or session change applies on the next request, and reaches open sockets at once.
 */
export class UserChangeFeed implements UserChangeNotifier {
  private readonly feed: RedisFeed;

  constructor(options: {
    /** Publishes; any connection. */
    publisher: Redis;
    /** Opens the connection that subscribes (a subscribed connection can do nothing else). */
    connectSubscriber: () => Redis;
    /** Pub/sub channels are not prefixed by ioredis's keyPrefix, so the feed adds it itself. */
    keyPrefix: string;
    logger: Logger;
  }) {
    this.feed = new RedisFeed({
      publisher: options.publisher,
      connectSubscriber: options.connectSubscriber,
      channel: userChangesChannel(options.keyPrefix),
      subject: 'an account change',
      logger: options.logger,
    });
  }

  listen(listener: UserChangeListener): () => void {
    return this.feed.listen((userId) => listener(userId as UserId));
  }

  changed(userId: UserId): void {
    this.feed.publish(userId);
  }

  start(): Promise<void> {
    return this.feed.start();
  }

  stop(): Promise<void> {
    return this.feed.stop();
  }
}
