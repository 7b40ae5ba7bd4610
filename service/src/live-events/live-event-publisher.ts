import type { Redis } from 'ioredis';
import { COALESCED_LIVE_EVENT_TYPES, liveEventSchema, type LiveEvent } from '@aurastream/contract';
import { redisKeys } from '../db/redis-keys';
import type { Logger } from '../shared/logger';
import { LiveEventCoalescer, type CoalescedLiveEvent } from './live-event-coalescer';

/** The pub/sub channel of a streamer's live events (ioredis's keyPrefix does not apply to channels). */
export function liveEventChannel(keyPrefix: string, ownerId: string): string {
  return `${keyPrefix}${redisKeys.liveEvents(ownerId)}`;
}

/** Reads a live event off the wire; null for anything that is not one. */
export function parseLiveEvent(message: string): LiveEvent | null {
  try {
    const parsed = liveEventSchema.safeParse(JSON.parse(message));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function isCoalesced(event: LiveEvent): event is CoalescedLiveEvent {
  return COALESCED_LIVE_EVENT_TYPES.includes(event.type);
}

export interface LiveEventPublisherOptions {
  redis: Redis;
  keyPrefix: string;
  /** Coalesced events (votes, progress) go out at most once per this interval per channel. */
  coalesceIntervalMs: number;
  logger: Logger;
}

/**
 * Publishes a channel's live events on its Redis pub/sub channel (`live:events:<owner id>`), which
 * every process hears: the dashboard's socket.io connections, and later the bot and the panel,
 * subscribe there. Votes and progress are coalesced (the latest value wins, a few events a second
 * at most); the rest go out as they happen. Fire-and-forget: a live event lost to a Redis hiccup is
 * only a missed update, the REST endpoints still tell the truth.
 */
export class LiveEventPublisher {
  private readonly coalescer: LiveEventCoalescer;

  constructor(private readonly options: LiveEventPublisherOptions) {
    this.coalescer = new LiveEventCoalescer({
      intervalMs: options.coalesceIntervalMs,
      slot: (ownerId, intervalMs) => this.takeSlot(ownerId, intervalMs),
      send: (ownerId, event) => this.send(ownerId, event),
      onError: (error) => options.logger.warn({ err: error }, 'could not send coalesced live events'),
    });
  }

  publish(ownerId: string, event: LiveEvent): void {
    if (isCoalesced(event)) {
      this.coalescer.add(ownerId, event);
      return;
    }
    if ('idea' in event && event.type !== 'idea.submitted' && event.type !== 'idea.approved') {
      this.coalescer.forgetProgress(ownerId, event.idea.id);
    }
    this.send(ownerId, event).catch((error: unknown) =>
      this.options.logger.warn({ err: error, type: event.type }, 'could not publish a live event'),
    );
  }

  /** Sends the coalesced events still waiting and stops coalescing (service shutdown). */
  async stop(): Promise<void> {
    await this.coalescer.stop();
  }

  private async send(ownerId: string, event: LiveEvent): Promise<void> {
    await this.options.redis.publish(liveEventChannel(this.options.keyPrefix, ownerId), JSON.stringify(event));
  }

  private async takeSlot(ownerId: string, intervalMs: number): Promise<{ taken: true } | { waitMs: number }> {
    const key = redisKeys.liveEventThrottle(ownerId);
    const taken = await this.options.redis.set(key, '1', 'PX', intervalMs, 'NX');
    if (taken === 'OK') {
      return { taken: true };
    }
    const remaining = await this.options.redis.pttl(key);
    return { waitMs: remaining > 0 ? remaining : intervalMs };
  }
}
