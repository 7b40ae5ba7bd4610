import type { Agenda } from 'agenda';
import type { EventSubSubscriptions } from '../eventsub-subscriptions';

export const RECONCILE_EVENTSUB_JOB = 'eventsub.reconcile-subscriptions';

/**
 * Makes Twitch's subscriptions match what the features want: at start (every process calls
 * `scheduleReconcile`; the recurring job's name is unique, its next run becomes now) and hourly,
 * in case a subscription failed or was revoked while no delivery could tell us. No retries of its
 * own: the next run does the rest.
 */
export function defineReconcileJob(scheduler: Agenda, subscriptions: EventSubSubscriptions): void {
  scheduler.define(
    RECONCILE_EVENTSUB_JOB,
    async () => {
      await subscriptions.reconcile();
    },
    { concurrency: 1 },
  );
}

export async function scheduleReconcile(scheduler: Agenda): Promise<void> {
  await scheduler.every('1 hour', RECONCILE_EVENTSUB_JOB);
}
