import type { Agenda } from 'agenda';
import type { Logger } from '../shared/logger';
import { FlushInProgressError, type AnalyticsFlushService } from './flush.service';

/** The recurring flush of Redis analytics into MongoDB; its payload is empty. */
export const analyticsFlushJobName = 'analytics-flush';

/**
 * Declares the job. It never retries on its own: whatever a failed run leaves (pending batches,
 * events still live) is picked up by the next run, which finishes leftovers first. A run that
 * finds another flush in progress (a manual one, another instance) has nothing to do.
 */
export function defineAnalyticsFlushJob(scheduler: Agenda, flush: AnalyticsFlushService, logger: Logger): void {
  scheduler.define(
    analyticsFlushJobName,
    async () => {
      try {
        await flush.flush();
      } catch (error) {
        if (error instanceof FlushInProgressError) {
          logger.debug('analytics flush skipped: another flush is running');
          return;
        }
        throw error;
      }
    },
    // the default lock lifetime (JOB_LOCK_LIFETIME_MS) far exceeds a flush; the Redis lock guards overlap
    { concurrency: 1 },
  );
}

/** Schedules the recurring flush once (every process calling this updates the same job). */
export async function scheduleAnalyticsFlush(scheduler: Agenda, interval: string): Promise<void> {
  await scheduler.every(interval, analyticsFlushJobName, undefined, { skipImmediate: true });
}
