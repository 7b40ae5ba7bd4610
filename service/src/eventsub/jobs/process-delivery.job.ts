import type { Agenda, Job } from 'agenda';
import { recordEventSubDelivery } from '../../observability/metrics';
import { helixAwareBackoff } from '../../twitch/helix-backoff';
import type { Logger } from '../../shared/logger';
import type { EventSubDeliveryRepository } from '../eventsub-delivery.repository';
import type { EventSubDispatcher, EventSubHandling } from '../eventsub-dispatcher';

export const PROCESS_EVENTSUB_DELIVERY_JOB = 'eventsub.process-delivery';
export const SWEEP_EVENTSUB_DELIVERIES_JOB = 'eventsub.sweep-deliveries';

/** Ids only: the delivery is read from `eventsub_deliveries` when the job runs. */
export interface ProcessDeliveryPayload {
  message_id: string;
}

/** A pending delivery older than this has lost its job (a crash between storing and queueing). */
const SWEEP_AFTER_MS = 60_000;

/**
 * Processing a stored delivery: the dispatcher hands it to the handler of its subscription type.
 * Exactly once in effect: a delivery is settled (`processed`, `ignored`, `failed`) by a conditional
 * update, and handlers are idempotent (keyed by Twitch's ids), so a retry after a crash or a second
 * job from the sweep does no work twice. A failure (Helix or MongoDB unreachable) is retried with
 * back-off, or when Helix's limit resets; after the last retry the delivery is marked `failed`.
 */
export class EventSubDeliveryJobs {
  private scheduler: Agenda | null = null;

  constructor(
    private readonly deps: {
      deliveries: EventSubDeliveryRepository;
      dispatcher: EventSubDispatcher;
      retry: { maxRetries: number; retryBaseMs: number };
      logger: Logger;
    },
  ) {}

  register(scheduler: Agenda): void {
    this.scheduler = scheduler;
    scheduler.define<ProcessDeliveryPayload>(
      PROCESS_EVENTSUB_DELIVERY_JOB,
      async (job: Job<ProcessDeliveryPayload>) => this.perform(job.attrs.data.message_id),
      { backoff: helixAwareBackoff(this.deps.retry), removeOnComplete: true },
    );
    scheduler.define(SWEEP_EVENTSUB_DELIVERIES_JOB, async () => this.sweep(), { concurrency: 1 });
  }

  async scheduleSweep(scheduler: Agenda): Promise<void> {
    await scheduler.every('1 minute', SWEEP_EVENTSUB_DELIVERIES_JOB, undefined, { skipImmediate: true });
  }

  /** Queues a delivery's job (one job per delivery: a second request while one waits adds none). */
  async enqueue(messageId: string): Promise<void> {
    if (!this.scheduler) {
      throw new Error('EventSub delivery jobs are not registered with a scheduler');
    }
    await this.scheduler
      .create(PROCESS_EVENTSUB_DELIVERY_JOB, { message_id: messageId })
      .unique({ 'data.message_id': messageId }, { insertOnly: true })
      .save();
  }

  async perform(messageId: string): Promise<void> {
    const { deliveries, dispatcher, logger } = this.deps;
    const delivery = await deliveries.startAttemptForTwitch(messageId);
    if (!delivery) {
      return;
    }
    const context = { messageId, subscriptionType: delivery.subscription_type, attempt: delivery.attempts };
    let handling: EventSubHandling;
    try {
      handling =
        delivery.message_type === 'revocation'
          ? await dispatcher.revoke({
              messageId,
              subscriptionType: delivery.subscription_type,
              subscriptionId: delivery.subscription_id,
              condition: delivery.condition,
              reason: delivery.subscription_status,
            })
          : await dispatcher.notify({
              messageId,
              subscriptionType: delivery.subscription_type,
              subscriptionVersion: delivery.subscription_version,
              subscriptionId: delivery.subscription_id,
              condition: delivery.condition,
              event: delivery.event ?? {},
              sentAt: delivery.sent_at,
            });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (delivery.attempts > this.deps.retry.maxRetries) {
        await deliveries.settleForTwitch(messageId, 'failed', message);
        recordEventSubDelivery(delivery.subscription_type, 'failed');
        logger.error({ ...context, err: error }, 'EventSub delivery failed for good');
        return;
      }
      await deliveries.recordFailureForTwitch(messageId, message);
      logger.warn({ ...context, err: error }, 'EventSub delivery failed; retried with back-off');
      throw error;
    }
    if (handling.outcome === 'ignored') {
      await deliveries.settleForTwitch(messageId, 'ignored', handling.reason);
      recordEventSubDelivery(delivery.subscription_type, 'ignored');
      logger.info({ ...context, reason: handling.reason }, 'EventSub delivery acknowledged and ignored');
      return;
    }
    await deliveries.settleForTwitch(messageId, 'processed', null);
    recordEventSubDelivery(
      delivery.subscription_type,
      delivery.message_type === 'revocation' ? 'revocation' : 'processed',
    );
  }

  /** Queues the deliveries whose job was lost. */
  async sweep(): Promise<number> {
    const lost = await this.deps.deliveries.listPendingForTwitch(new Date(Date.now() - SWEEP_AFTER_MS), 500);
    for (const messageId of lost) {
      await this.enqueue(messageId);
    }
    if (lost.length > 0) {
      this.deps.logger.warn({ count: lost.length }, 'EventSub deliveries without a job were queued again');
    }
    return lost.length;
  }
}
