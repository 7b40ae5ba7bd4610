import type { Redis } from 'ioredis';
import type { LiveEvent } from '@aurastream/contract';
import { redisKeys } from '../db/redis-keys';
import type { Logger } from '../shared/logger';
import { liveEventChannel, parseLiveEvent } from './live-event-publisher';

export type LiveEventListener = (ownerId: string, event: LiveEvent) => void;

export interface LiveEventSubscriberOptions {
  /** Opens the connection that subscribes (a subscribed connection can do nothing else). */
  connect: () => Redis;
  keyPrefix: string;
  logger: Logger;
}

/**
 * Hears live events in this process: every channel's (`subscribeAll`, the dashboard's socket.io
 * bridge) or one channel's (`subscribe`, the bot and the panel's PubSub relay later). One Redis
 * connection, opened on the first subscription.
 */
export class LiveEventSubscriber {
  private connection: Redis | null = null;
  private readonly all = new Set<LiveEventListener>();
  private readonly byOwner = new Map<string, Set<LiveEventListener>>();
  private readonly channelPrefix: string;

  constructor(private readonly options: LiveEventSubscriberOptions) {
    this.channelPrefix = liveEventChannel(options.keyPrefix, '');
  }

  /** Every channel's events; answers the function that stops listening. */
  async subscribeAll(listener: LiveEventListener): Promise<() => Promise<void>> {
    const connection = this.connect();
    if (this.all.size === 0) {
      await connection.psubscribe(`${this.options.keyPrefix}${redisKeys.liveEventsPattern()}`);
    }
    this.all.add(listener);
    return async () => {
      this.all.delete(listener);
      if (this.all.size === 0 && this.connection) {
        await this.connection.punsubscribe();
      }
    };
  }

  /** One channel's events; answers the function that stops listening. */
  async subscribe(ownerId: string, listener: (event: LiveEvent) => void): Promise<() => Promise<void>> {
    const connection = this.connect();
    const channel = liveEventChannel(this.options.keyPrefix, ownerId);
    let listeners = this.byOwner.get(ownerId);
    if (!listeners) {
      listeners = new Set();
      this.byOwner.set(ownerId, listeners);
      await connection.subscribe(channel);
    }
    const wrapped: LiveEventListener = (_owner, event) => listener(event);
    listeners.add(wrapped);
    return async () => {
      listeners.delete(wrapped);
      if (listeners.size === 0 && this.byOwner.get(ownerId) === listeners) {
        this.byOwner.delete(ownerId);
        await this.connection?.unsubscribe(channel);
      }
    };
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = null;
    this.all.clear();
    this.byOwner.clear();
    if (connection) {
      await connection.quit().catch(() => connection.disconnect());
    }
  }

  private connect(): Redis {
    if (this.connection) {
      return this.connection;
    }
    const connection = this.options.connect();
    connection.on('pmessage', (_pattern: string, channel: string, message: string) => {
      this.deliver(channel, message, this.all);
    });
    connection.on('message', (channel: string, message: string) => {
      const listeners = this.byOwner.get(channel.slice(this.channelPrefix.length));
      if (listeners) {
        this.deliver(channel, message, listeners);
      }
    });
    this.connection = connection;
    return connection;
  }

  private deliver(channel: string, message: string, listeners: Set<LiveEventListener>): void {
    const event = parseLiveEvent(message);
    if (!event) {
      this.options.logger.warn({ channel }, 'ignored a message on a live-events channel that is not a live event');
      return;
    }
    const ownerId = channel.slice(this.channelPrefix.length);
    for (const listener of [...listeners]) {
      try {
        listener(ownerId, event);
      } catch (error) {
        this.options.logger.warn({ err: error, type: event.type }, 'a live-event listener failed');
      }
    }
  }
}
