import type { Agenda } from 'agenda';
import { scheduleRecurringAndAtStart } from '../../jobs/scheduler';
import type { EventSubSubscriptions } from '../eventsub-subscriptions';

export const RECONCILE_EVENTSUB_JOB = 'eventsub.reconcile-subscriptions';

/**
 * Makes Twitch's subscriptions match what the features want: at start (every process calls
 * `scheduleReconcile`, which moves the one start run to now) and hourly,
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
  await scheduleRecurringAndAtStart(scheduler, '1 hour', RECONCILE_EVENTSUB_JOB);
}
