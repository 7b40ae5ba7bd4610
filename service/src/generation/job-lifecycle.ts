import { ConflictError } from '../shared/errors';
import type { UserId } from '../users/user.repository';
import {
  isActive,
  type GenerationJob,
  type GenerationJobRepository,
  type JobOutcome,
} from './generation-job.repository';
import type { JobEventPublisher } from './job-events';
import type { JobObservers } from './job-observers';
import type { MonthlyQuota } from './monthly-quota';
import type { PackRollup } from './pack-rollup';

/** Designs (quota units) a job has fully made: every size of a variation stored. */
export function designsMade(job: Pick<GenerationJob, 'completed_assets' | 'total_assets' | 'variations'>): number {
  const filesPerDesign = Math.max(1, Math.round(job.total_assets / Math.max(1, job.variations)));
  return Math.min(job.variations, Math.floor(job.completed_assets / filesPerDesign));
}

/**
 * How jobs end: settled by their worker, given up on after the last retry, or cancelled by their
 * owner. Whichever comes first wins (the status change is conditional); only the winner gives back
 * the quota of what was not made, tells the owner and rolls the pack up.
 */
export class JobLifecycle {
  constructor(
    private readonly jobs: GenerationJobRepository,
    private readonly quota: MonthlyQuota,
    private readonly events: JobEventPublisher,
    private readonly packs: PackRollup,
    private readonly observers: Pick<JobObservers, 'ended'>,
  ) {}

  private async afterEnd(job: GenerationJob): Promise<void> {
    await this.quota.release(job.user_id, job.quota_month, job.quota_units - designsMade(job));
    this.events.ended(job);
    if (job.parent_job_id) {
      await this.packs.refresh(job.user_id, job.parent_job_id);
    }
    await this.observers.ended(job);
  }

  /** Ends a job the way its worker found it; null when it had already ended (e.g. cancelled). */
  async end(
    owner: UserId,
    jobId: string,
    outcome: Omit<JobOutcome, 'completed_at'>,
    now = new Date(),
  ): Promise<GenerationJob | null> {
    const ended = await this.jobs.settle(owner, jobId, { ...outcome, completed_at: now });
    if (ended) {
      await this.afterEnd(ended);
    }
    return ended;
  }

  /** After the last retry: the job fails, keeping what it made. */
  async giveUp(owner: UserId, jobId: string, error: unknown, now = new Date()): Promise<GenerationJob | null> {
    const job = await this.jobs.findById(owner, jobId);
    if (!job || !isActive(job.status) || job.job_type === 'pack') {
      return null;
    }
    const reason = error instanceof Error ? error.message : String(error);
    return this.end(
      owner,
      jobId,
      {
        status: 'failed',
        completed_assets: job.completed_assets,
        failed_assets: Math.max(0, job.total_assets - job.completed_assets),
        error_message: `Gave up after ${job.retry_count + 1} attempts: ${reason}`.slice(0, 1000),
      },
      now,
    );
  }

  /**
   * The owner cancels a queued or processing job; a pack cancels its unfinished items. A worker
   * busy with the job notices at its next step and stores nothing more.
   */
  async cancel(owner: UserId, job: GenerationJob, now = new Date()): Promise<GenerationJob> {
    const cancelled = await this.jobs.cancel(owner, job.id, now);
    if (!cancelled) {
      throw new ConflictError('job_not_cancellable', `The job has already ended (${job.status})`, {
        status: job.status,
      });
    }
    if (cancelled.job_type !== 'pack') {
      await this.afterEnd(cancelled);
      return cancelled;
    }
    for (const item of await this.jobs.listChildren(owner, job.id)) {
      const cancelledItem = isActive(item.status) ? await this.jobs.cancel(owner, item.id, now) : null;
      if (cancelledItem) {
        await this.quota.release(
          owner,
          cancelledItem.quota_month,
          cancelledItem.quota_units - designsMade(cancelledItem),
        );
      }
    }
    this.events.ended(cancelled);
    await this.packs.refresh(owner, job.id);
    return (await this.jobs.findById(owner, job.id)) ?? cancelled;
  }
}
