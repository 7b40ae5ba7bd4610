import type { Agenda } from 'agenda';
import { scheduleRecurringAndAtStart } from '../jobs/scheduler';
import type { OrphanFileSweeper } from './orphan-file-sweeper';

export const SWEEP_ORPHAN_FILES_JOB = 'storage.sweep-orphan-files';

/** One sweep at a time per process; across processes the sweeper's lease takes turns. */
export function defineSweepOrphanFilesJob(scheduler: Agenda, sweeper: OrphanFileSweeper): void {
  scheduler.define(
    SWEEP_ORPHAN_FILES_JOB,
    async () => {
      await sweeper.sweep();
    },
    { concurrency: 1 },
  );
}

/**
 * Every `intervalSeconds`, and once at each start: a crash leaves its orphans behind, and the
 * start after it is when they are cheapest to find. Idempotent across processes (one recurring job
 * per name, one start run however many processes start together).
 */
export async function scheduleSweepOrphanFiles(scheduler: Agenda, intervalSeconds: number): Promise<void> {
  await scheduleRecurringAndAtStart(scheduler, `${intervalSeconds} seconds`, SWEEP_ORPHAN_FILES_JOB);
}
