import type { Agenda } from 'agenda';
import type { AssetPurger } from '../asset-purger';

export const SWEEP_EXPIRED_DELETIONS_JOB = 'assets.sweep-expired-deletions';

/**
 * Hourly safety net behind the per-asset purge jobs: removes every deletion whose undo period is
 * over, should a purge job have been lost.
 */
export function defineSweepExpiredDeletionsJob(scheduler: Agenda, purger: AssetPurger): void {
  scheduler.define(
    SWEEP_EXPIRED_DELETIONS_JOB,
    async () => {
      await purger.purgeAllExpired();
    },
    { concurrency: 1 },
  );
}

/** Idempotent: Agenda keeps one recurring job per name, however many workers call it. */
export async function scheduleSweepExpiredDeletions(scheduler: Agenda): Promise<void> {
  await scheduler.every('1 hour', SWEEP_EXPIRED_DELETIONS_JOB, undefined, { skipImmediate: true });
}
