import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import type { Config } from '../config';
import type { Feature } from '../feature';
import type { Logger } from '../shared/logger';
import type { TwitchApiClients } from '../twitch/twitch-api-clients';
import { twurpleTargetOf } from '../twitch/twurple-endpoints';
import { registerEventSubDeliveryModel } from './eventsub-delivery.model';
import { DeliveryWriter } from './delivery-writer';
import { EventSubDeliveryRepository } from './eventsub-delivery.repository';
import { EventSubDispatcher } from './eventsub-dispatcher';
import { EventSubDrain } from './eventsub-drain';
import { EventSubReceiver } from './eventsub-receiver';
import { EventSubSubscriptions } from './eventsub-subscriptions';
import { createEventSubApi } from './eventsub.api';
import { defineReconcileJob, scheduleReconcile } from './jobs/reconcile-subscriptions.job';
import { createEventSubRouter, eventSubHotRoutes } from './routes';

export interface EventSubFeatureDependencies {
  config: Config;
  connection: Connection;
  redis: Redis;
  logger: Logger;
  clients: TwitchApiClients;
}

/** Job types of the per-delivery design the drain replaced, removed from the queue at start. */
const LEGACY_DELIVERY_JOBS = ['eventsub.process-delivery', 'eventsub.sweep-deliveries'];

/** The path Twitch delivers to, under PUBLIC_URL. */
export const EVENTSUB_CALLBACK_PATH = '/api/v1/twitch/eventsub';

/**
 * Twitch EventSub over webhooks: the callback (verified by bindRoute, deduplicated in Redis,
 * stored), the `drain` that processes stored deliveries in leased batches in every process that
 * runs jobs, the `dispatcher` features register their handlers and wanted subscriptions with, and
 * the `subscriptions` manager (create, delete, reconcile at start).
 */
export function createEventSubFeature(deps: EventSubFeatureDependencies) {
  const { config, logger } = deps;
  const log = logger.child({ component: 'eventsub' });
  const dispatcher = new EventSubDispatcher();
  const deliveries = new EventSubDeliveryRepository(registerEventSubDeliveryModel(deps.connection));
  const drain = new EventSubDrain({ deliveries, dispatcher, retry: config.jobs, logger: log });
  const receiver = new EventSubReceiver({
    redis: deps.redis,
    // deliveries received here go straight to this process's drain, when it runs one
    writer: new DeliveryWriter({ deliveries, handOff: drain }),
    stored: () => drain.wake(),
    logger: log,
  });
  const realTwitch = config.twitch.clientId !== '' && twurpleTargetOf(config.twitch).kind === 'twitch';
  const subscriptions = new EventSubSubscriptions({
    clients: deps.clients,
    dispatcher,
    callbackUrl: `${config.http.publicUrl}${EVENTSUB_CALLBACK_PATH}`,
    secret: config.twitch.eventSubSecret,
    requireHttps: realTwitch,
    logger: log,
  });
  const api = createEventSubApi(receiver);
  const hotRoutes = eventSubHotRoutes(api);
  const feature: Feature = {
    name: 'eventsub',
    routes: (callers) => createEventSubRouter({ callers, hotRoutes }),
    hotRoutes,
    registerJobs(scheduler) {
      defineReconcileJob(scheduler, subscriptions);
    },
    async start({ scheduler, runsJobs }) {
      if (runsJobs) {
        // the jobs of the design before the drain (one per delivery, and their sweep) are not run
        // any more: the deliveries they named are pending, and the drain takes those
        await scheduler?.cancel({ names: LEGACY_DELIVERY_JOBS });
        await drain.start();
      }
      if (scheduler && deps.clients.isConfigured()) {
        await scheduleReconcile(scheduler);
      }
    },
    stop: () => drain.stop(),
  };
  return { feature, api, dispatcher, subscriptions, drain, deliveries };
}
