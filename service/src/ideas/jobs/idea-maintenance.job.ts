import type { Agenda } from 'agenda';

export const EXPIRE_IDEAS_JOB = 'ideas.expire';
export const SWEEP_GENERATING_IDEAS_JOB = 'ideas.sweep-generating';

/**
 * Two recurring jobs: every minute, pending ideas past their channel's expiry become `expired`;
 * and ideas left `approved` or `generating` whose job has ended (a lost hook, a crash) are settled.
 * Both are idempotent (conditional status changes), so overlapping runs do no harm.
 */
export function defineIdeaMaintenanceJobs(
  scheduler: Agenda,
  work: { expireDue(): Promise<number>; sweepGenerating(): Promise<number> },
): void {
  scheduler.define(
    EXPIRE_IDEAS_JOB,
    async () => {
      await work.expireDue();
    },
    { concurrency: 1 },
  );
  scheduler.define(
    SWEEP_GENERATING_IDEAS_JOB,
    async () => {
      await work.sweepGenerating();
    },
    { concurrency: 1 },
  );
}

/** Idempotent: Agenda keeps one recurring job per name, however many workers call it. */
export async function scheduleIdeaMaintenance(scheduler: Agenda): Promise<void> {
  await scheduler.every('1 minute', EXPIRE_IDEAS_JOB, undefined, { skipImmediate: true });
  await scheduler.every('1 minute', SWEEP_GENERATING_IDEAS_JOB, undefined, { skipImmediate: true });
}
