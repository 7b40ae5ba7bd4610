import type { Redis } from 'ioredis';
import { EXTENSION_PUBSUB_MAX_BYTES, EXTENSION_PUBSUB_MAX_PER_MINUTE, type LiveEvent } from '@aurastream/contract';
import { redisKeys } from '../../db/redis-keys';
import type { Logger } from '../../shared/logger';
import { BroadcastBatch } from './broadcast-batch';
import type { HelixPubSubClient } from './helix-pubsub-client';

export interface ExtensionPubSubRelayOptions {
  redis: Redis;
  client: Pick<HelixPubSubClient, 'broadcast'>;
  logger: Logger;
  /** Messages per channel and minute, across every process (Twitch allows 100). */
  messagesPerMinute?: number;
  /** Bytes per message (Twitch allows 5 KB). */
  maxBytes?: number;
}

interface Channel {
  batch: BroadcastBatch;
  timer: ReturnType<typeof setTimeout> | null;
  sending: boolean;
}

/**
 * Relays a channel's live events to its panels through Extension PubSub. Whichever process an
 * event happens in sends it, so every channel holds one send slot in Redis per interval (60 s /
 * 100): at most 100 messages a minute per channel however many processes send. Events waiting for
 * the slot are batched into one message of at most 5 KB, votes and progress coalesced to their
 * latest values. A 429 from Twitch pauses the channel in every process until `Ratelimit-Reset`.
 */
export class ExtensionPubSubRelay {
  private readonly channels = new Map<string, Channel>();
  private readonly intervalMs: number;
  private readonly maxBytes: number;
  private stopped = false;

  constructor(private readonly options: ExtensionPubSubRelayOptions) {
    this.intervalMs = Math.ceil(60_000 / (options.messagesPerMinute ?? EXTENSION_PUBSUB_MAX_PER_MINUTE));
    this.maxBytes = options.maxBytes ?? EXTENSION_PUBSUB_MAX_BYTES;
  }

  add(channelId: string, event: LiveEvent): void {
    if (this.stopped) {
      return;
    }
    const channel = this.channelOf(channelId);
    channel.batch.add(event);
    this.schedule(channelId, channel, 0);
  }

  /** Stops sending; what waits is dropped (the panels read the truth on their next request). */
  stop(): void {
    this.stopped = true;
    for (const channel of this.channels.values()) {
      if (channel.timer) {
        clearTimeout(channel.timer);
      }
    }
    this.channels.clear();
  }

  private channelOf(channelId: string): Channel {
    let channel = this.channels.get(channelId);
    if (!channel) {
      channel = { batch: new BroadcastBatch(), timer: null, sending: false };
      this.channels.set(channelId, channel);
    }
    return channel;
  }

  private schedule(channelId: string, channel: Channel, delayMs: number): void {
    if (channel.timer || channel.sending || this.stopped) {
      return;
    }
    channel.timer = setTimeout(() => {
      channel.timer = null;
      channel.sending = true;
      this.trySend(channelId, channel)
        .catch((error: unknown) => this.options.logger.warn({ err: error, channelId }, 'Extension PubSub send failed'))
        .finally(() => {
          channel.sending = false;
          if (channel.batch.isEmpty) {
            this.channels.delete(channelId);
          } else {
            this.schedule(channelId, channel, 10);
          }
        });
    }, delayMs);
    channel.timer.unref();
  }

  /** Sends one message when the channel's slot is free; otherwise waits for it (the `finally` above retries). */
  private async trySend(channelId: string, channel: Channel): Promise<void> {
    const { redis } = this.options;
    const wait = await this.waitBeforeSending(channelId);
    if (wait > 0) {
      await sleep(wait);
      return;
    }
    const taken = channel.batch.take(this.maxBytes);
    if (!taken) {
      return;
    }
    let result;
    try {
      result = await this.options.client.broadcast(channelId, taken.message);
    } catch (error) {
      // refused for good (a bad secret, a 5xx): these events are lost; the next ones may pass
      this.options.logger.warn({ err: error, channelId, events: taken.events.length }, 'Extension PubSub message lost');
      return;
    }
    if (!result.sent) {
      channel.batch.putBack(taken.events);
      const pauseMs = Math.max(1, result.retryAtMs - Date.now());
      await redis.set(redisKeys.extensionPubSubPause(channelId), '1', 'PX', pauseMs);
    }
  }

  /** 0 once this process holds the channel's slot; otherwise how long to wait for it. */
  private async waitBeforeSending(channelId: string): Promise<number> {
    const { redis } = this.options;
    const paused = await redis.pttl(redisKeys.extensionPubSubPause(channelId));
    if (paused > 0) {
      return paused;
    }
    const slot = redisKeys.extensionPubSubSlot(channelId);
    if ((await redis.set(slot, '1', 'PX', this.intervalMs, 'NX')) === 'OK') {
      return 0;
    }
    const remaining = await redis.pttl(slot);
    return remaining > 0 ? remaining : 10;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, ms).unref();
  });
}
