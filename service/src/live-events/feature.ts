import type { Redis } from 'ioredis';
import { REALTIME_LIVE_EVENT } from '@aurastream/contract';
import type { Feature } from '../feature';
import type { LocalRealtimeEmitter } from '../realtime/feature';
import type { Logger } from '../shared/logger';
import { LiveEventPublisher } from './live-event-publisher';
import { LiveEventSubscriber } from './live-event-subscriber';

/** At most this many coalesced events (votes, progress) per second per channel. */
const COALESCED_EVENTS_PER_SECOND = 4;

export interface LiveEventsFeatureDependencies {
  redis: Redis;
  /** Opens the subscriber's own connection. */
  connectSubscriber: () => Redis;
  keyPrefix: string;
  /** The dashboard's socket.io connections held by this process. */
  realtime: LocalRealtimeEmitter;
  logger: Logger;
}

/**
 * Live events per channel: one Redis pub/sub channel per streamer. Any process publishes (a worker
 * reporting progress, a service process recording a vote); each process serving the dashboard
 * relays its streamers' events to their socket.io room (`live`).
 */
export function createLiveEventsFeature(deps: LiveEventsFeatureDependencies) {
  const logger = deps.logger.child({ feature: 'live-events' });
  const publisher = new LiveEventPublisher({
    redis: deps.redis,
    keyPrefix: deps.keyPrefix,
    coalesceIntervalMs: Math.round(1000 / COALESCED_EVENTS_PER_SECOND),
    logger,
  });
  const subscriber = new LiveEventSubscriber({ connect: deps.connectSubscriber, keyPrefix: deps.keyPrefix, logger });

  const feature: Feature = {
    name: 'live-events',
    async attachToServer() {
      // every process hears every channel once, and emits to the connections it holds itself
      await subscriber.subscribeAll((ownerId, event) =>
        deps.realtime.emitToLocalUser(ownerId, REALTIME_LIVE_EVENT, event),
      );
    },
    async stop() {
      await publisher.stop();
      await subscriber.close();
    },
  };
  return { feature, publisher, subscriber };
}
