import type { Redis } from 'ioredis';
import type { Logger } from '../shared/logger';

export type FeedListener = (message: string) => void;

/**
 * A Redis pub/sub channel that tells every service instance about something that happened: listeners
 * in this process hear it at once, the other processes through the channel (this process hears its
 * own message a second time from Redis, so listeners must not mind a repeat).
 */
export class RedisFeed {
  private readonly listeners = new Set<FeedListener>();
  private subscriber: Redis | null = null;

  constructor(
    private readonly options: {
      /** Publishes; any connection. */
      publisher: Redis;
      /** Opens the connection that subscribes (a subscribed connection can do nothing else). */
      connectSubscriber: () => Redis;
      /** The full channel name: ioredis's keyPrefix does not apply to channels, so it is included. */
      channel: string;
      /** What the feed carries, for the log line when publishing fails. */
      subject: string;
      logger: Logger;
    },
  ) {}

  listen(listener: FeedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(message: string): void {
    this.emit(message);
    this.options.publisher.publish(this.options.channel, message).catch((error: unknown) => {
      this.options.logger.warn({ err: error }, `could not tell other instances about ${this.options.subject}`);
    });
  }

  async start(): Promise<void> {
    const subscriber = this.options.connectSubscriber();
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.options.channel) {
        this.emit(message);
      }
    });
    await subscriber.subscribe(this.options.channel);
    this.subscriber = subscriber;
  }

  async stop(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = null;
    if (subscriber) {
      await subscriber.quit().catch(() => subscriber.disconnect());
    }
  }

  private emit(message: string): void {
    for (const listener of this.listeners) {
      listener(message);
    }
  }
}
