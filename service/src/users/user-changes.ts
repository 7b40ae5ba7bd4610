import type { Redis } from 'ioredis';
import { redisKeys } from '../db/redis-keys';
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
 * Spreads "this account changed" to every service instance: listeners in this process hear it at
 * once, the others through a Redis pub/sub channel. Copies of accounts kept for speed (the
 * authenticator's cache) listen here, so a role, tier or session change applies on the next request.
 */
export class UserChangeFeed implements UserChangeNotifier {
  private readonly listeners = new Set<UserChangeListener>();
  private readonly channel: string;
  private subscriber: Redis | null = null;

  constructor(
    private readonly options: {
      /** Publishes; any connection. */
      publisher: Redis;
      /** Opens the connection that subscribes (a subscribed connection can do nothing else). */
      connectSubscriber: () => Redis;
      /** Pub/sub channels are not prefixed by ioredis's keyPrefix, so the feed adds it itself. */
      keyPrefix: string;
      logger: Logger;
    },
  ) {
    this.channel = userChangesChannel(options.keyPrefix);
  }

  listen(listener: UserChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(userId: UserId): void {
    this.emit(userId);
    publishUserChange(this.options.publisher, this.options.keyPrefix, userId).catch((error: unknown) => {
      this.options.logger.warn({ err: error, userId }, 'could not tell other instances that an account changed');
    });
  }

  async start(): Promise<void> {
    const subscriber = this.options.connectSubscriber();
    subscriber.on('message', (channel: string, userId: string) => {
      if (channel === this.channel) {
        this.emit(userId as UserId);
      }
    });
    await subscriber.subscribe(this.channel);
    this.subscriber = subscriber;
  }

  async stop(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = null;
    if (subscriber) {
      await subscriber.quit().catch(() => subscriber.disconnect());
    }
  }

  private emit(userId: UserId): void {
    for (const listener of this.listeners) {
      listener(userId);
    }
  }
}
